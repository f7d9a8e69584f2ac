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
import java.nio.file.Path;

/** Reads and writes result JSON. Writes go through {@link OutputFile}: atomic and durable for regular files. */
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

    /**
     * Write a result or report file: a regular file is replaced atomically and durably (readers see the old
     * file or the new one, never half of one; fsynced before this returns); a device, FIFO or
     * {@code /proc/self/fd/N} is written through; a symbolic link's target is written and the link kept.
     * See {@link OutputFile}. Throws a {@link LoadctlException} (exit 3) when the bytes did not all get there.
     */
    public static void writeAtomically(Path file, String content) {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes (report charts, PNG) written the same way as {@link #writeAtomically(Path, String)}. */
    public static void writeAtomically(Path file, byte[] content) {
        OutputFile.write(file, content);
    }

    /** Checks now that {@link #writeAtomically} could write {@code file} (see {@link OutputFile#requireWritable}). */
    public static void requireWritable(Path file) {
        OutputFile.requireWritable(file);
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
        return sweepOf(file, readTree(file));
    }

    /** A sweep from JSON already read from {@code file} (named in the error). */
    public static SweepResult sweepOf(Path file, JsonNode tree) {
        try {
            return JSON.treeToValue(tree, SweepResult.class);
        } catch (JsonProcessingException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT,
                    file + " is not a loadctl sweep result: " + Messages.firstLineOfError(e.getOriginalMessage()));
        }
    }

    public static WrkResult readRun(Path file) {
        return runOf(file, readTree(file));
    }

    /** A run from JSON already read from {@code file} (named in the error). */
    public static WrkResult runOf(Path file, JsonNode tree) {
        try {
            return JSON.treeToValue(tree, WrkResult.class);
        } catch (JsonProcessingException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT,
                    file + " is not a loadctl run result: " + Messages.firstLineOfError(e.getOriginalMessage()));
        }
    }
}
