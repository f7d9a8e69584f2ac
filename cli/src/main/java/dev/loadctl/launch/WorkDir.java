package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The per-point folder of a server configured by files: made fresh for each point, removed after it. */
final class WorkDir {

    static final String PREFIX = "loadctl-work-";

    private WorkDir() {
    }

    static Path create() {
        try {
            // The owner's pid in the name: whose folder a leftover is can be told without reading it.
            return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot make a work folder for the target server in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + " (free space there, or set TMPDIR / -Djava.io.tmpdir)", e);
        }
    }

    /** Removes the folder and everything the server wrote in it; a folder already gone is fine. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot remove the target's work folder " + dir + ": "
                    + e.getMessage() + " (remove it by hand)", e);
        }
    }
}
