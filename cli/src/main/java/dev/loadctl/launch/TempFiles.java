package dev.loadctl.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a command's output goes to (never pipes: see {@link Ssh}), read and removed without failing. */
public final class TempFiles {

    private TempFiles() {
    }

    /** The file's text; "" when it cannot be read (gone, or not yet written). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Removes it if there; a temp file that cannot be removed is not worth failing for. */
    public static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Left in the temp folder.
        }
    }
}
