package dev.loadctl.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Messages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Reads and writes result JSON. Writes go to a temporary file first and are moved into place atomically. */
public final class ResultStore {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ResultStore() {
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Write atomically: readers see the old file or the new one, never half of one. */
    public static void writeAtomically(Path file, String content) {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes (report charts, PNG) written the same way as {@link #writeAtomically(Path, String)}. */
    public static void writeAtomically(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, content);
                readableByAll(tmp);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT,
                    "cannot write " + file + ": " + e.getMessage() + " (choose a writable path)", e);
        }
    }

    /** Temp files are created owner-only; a result or report is meant to be shared like any file. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their default permissions.
        }
    }

    public static void writeSweep(Path file, SweepResult sweep) {
        writeAtomically(file, toJson(sweep));
    }

    public static void writeRun(Path file, WrkResult result) {
        writeAtomically(file, toJson(result));
    }

    /** A saved file is either a sweep (has "points") or a single run (has "rawOutput"). */
    public static JsonNode readTree(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT,
                    "cannot read " + file + " as JSON: " + Messages.firstLineOfError(e.getMessage()));
        }
    }

    public static SweepResult readSweep(Path file) {
        try {
            return JSON.treeToValue(readTree(file), SweepResult.class);
        } catch (JsonProcessingException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT,
                    file + " is not a loadctl sweep result: " + Messages.firstLineOfError(e.getOriginalMessage()));
        }
    }

    public static WrkResult readRun(Path file) {
        try {
            return JSON.treeToValue(readTree(file), WrkResult.class);
        } catch (JsonProcessingException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT,
                    file + " is not a loadctl run result: " + Messages.firstLineOfError(e.getOriginalMessage()));
        }
    }
}
