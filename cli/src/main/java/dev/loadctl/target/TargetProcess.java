package dev.loadctl.target;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One running target server. Its stdin stays open for its whole life: the bundled server exits when
 * it closes, which is what happens when loadctl dies. Its output (stdout and stderr) is drained
 * continuously, and the last lines are kept for error messages.
 */
public final class TargetProcess implements AutoCloseable {

    static final int KEPT_OUTPUT_LINES = 10;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final TargetSpec spec;
    private final Process process;
    private final OutputStream stdin;
    private final Deque<String> lastOutput = new ArrayDeque<>();
    private final Thread outputReader;
    private boolean closed;

    private TargetProcess(TargetSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.outputReader = new Thread(this::drainOutput, "target-output-" + process.pid());
        outputReader.setDaemon(true);
        outputReader.start();
    }

    public static TargetProcess start(TargetSpec spec) {
        ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true);
        builder.environment().putAll(spec.env());
        try {
            return new TargetProcess(spec, builder.start());
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.TARGET_FAILED, "cannot start the target server ("
                    + spec.command().get(0) + "): " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The server and every process it started (uvicorn's workers, for example). */
    public List<Long> processTree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@link TargetSpec#readyUrl()} until any HTTP response comes back. Throws, with the server's
     * last output, when the server exits first or {@code limit} passes.
     */
    public Duration awaitReady(Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(spec.readyUrl()).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw failure("exited with status " + exitStatus() + " before it was ready");
            }
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
                return Duration.ofNanos(System.nanoTime() - started);
            } catch (IOException notYet) {
                // Not listening yet: try again after the poll interval.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("was not ready: loadctl was interrupted");
            }
            if (System.nanoTime() > deadline) {
                throw failure(String.format(Locale.ROOT, "did not answer GET %s within %d s", spec.readyUrl(),
                        limit.toSeconds()));
            }
            sleep(POLL_INTERVAL);
        }
    }

    public synchronized List<String> lastOutput() {
        return new ArrayList<>(lastOutput);
    }

    /**
     * Stops the server and its children: SIGTERM, then SIGKILL for whatever still runs after
     * {@link #STOP_GRACE}. Safe to call twice and from another thread (Ctrl-C).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Collect the children first: once the parent is gone they are re-parented and cannot be found.
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, STOP_GRACE)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, STOP_GRACE);
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // The server is gone; nothing reads this pipe any more.
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration limit) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private LoadctlException failure(String what) {
        if (!process.isAlive()) {
            joinOutputReader();
        }
        List<String> output = lastOutput();
        return new LoadctlException(ExitCode.TARGET_FAILED, "the target server " + what + " (command: "
                + String.join(" ", spec.command()) + ")" + (output.isEmpty() ? "; it printed nothing"
                : "; its last output:\n    " + String.join("\n    ", output)));
    }

    private String exitStatus() {
        try {
            return Integer.toString(process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void joinOutputReader() {
        try {
            outputReader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (this) {
                    if (lastOutput.size() == KEPT_OUTPUT_LINES) {
                        lastOutput.removeFirst();
                    }
                    lastOutput.addLast(line);
                }
            }
        } catch (IOException e) {
            // The pipe closed with the process.
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
