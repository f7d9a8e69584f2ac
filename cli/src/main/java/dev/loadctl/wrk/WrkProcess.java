package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running wrk. wrk prints everything when it ends, into a temporary file, so {@link #awaitResult()}
 * just blocks in waitpid: loadctl uses no CPU while wrk measures.
 */
public final class WrkProcess implements AutoCloseable {

    private static final long STOP_GRACE_SECONDS = 2;

    private final Process process;
    private final Path output;
    private final Path script;
    private final AtomicBoolean closed = new AtomicBoolean();

    WrkProcess(Process process, Path output, Path script) {
        this.process = process;
        this.output = output;
        this.script = script;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits for wrk to exit and parses what it printed.
     *
     * @throws LoadctlException WRK_FAILED with wrk's own message when it printed no result;
     *                          INTERRUPTED when wrk was stopped by {@link #close()} or the thread was interrupted
     */
    public WrkResult awaitResult() {
        int exitCode;
        try {
            exitCode = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted: wrk was stopped before it finished");
        }
        String raw;
        try {
            long size = Files.size(output);
            if (size > WrkOutputParser.MAX_OUTPUT_BYTES && !closed.get()) {
                throw new LoadctlException(ExitCode.WRK_FAILED, "wrk printed " + size + " bytes, more than any wrk"
                        + " result (loadctl reads at most " + WrkOutputParser.MAX_OUTPUT_BYTES + "); it begins '"
                        + firstLine(output) + "'");
            }
            raw = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (closed.get()) {
                throw stoppedEarly();
            }
            throw new LoadctlException(ExitCode.WRK_FAILED, "cannot read wrk's output from " + output + ": "
                    + e.getMessage());
        } finally {
            // wrk has exited: its files are done with, even if the caller never closes this.
            Wrk.deleteQuietly(output);
            Wrk.deleteQuietly(script);
        }
        if (closed.get()) {
            throw stoppedEarly();
        }
        WrkResult result = WrkOutputParser.parse(raw);
        if (exitCode != 0) {
            String last = raw.strip().lines().reduce((first, second) -> second).orElse("");
            throw new LoadctlException(ExitCode.WRK_FAILED, "wrk exited with status " + exitCode
                    + " after printing a result, so it is not trusted (last line: '" + last + "')");
        }
        return result;
    }

    private static String firstLine(Path file) throws IOException {
        byte[] start = new byte[120];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(start, 0, start.length);
        }
        return new String(start, 0, n, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
    }

    /** Stops wrk (and anything it started) if it still runs, and deletes the temporary files. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Wrk.deleteQuietly(output);
            Wrk.deleteQuietly(script);
        }
    }

    private static LoadctlException stoppedEarly() {
        return new LoadctlException(ExitCode.INTERRUPTED, "wrk was stopped before it finished");
    }
}
