package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running target server. Its stdin stays open for its whole life: the bundled server exits when
 * it closes, which is what happens when loadctl dies. Its output (stdout and stderr) is drained
 * continuously, and the last lines are kept for error messages. Its work dir, if it has one, is
 * deleted once it has stopped.
 *
 * <p>What it starts is contained ({@link Containment}: a cgroup where the machine allows one): a server
 * that daemonizes counts as running while what it started runs, and stopping it stops all of that.
 */
public final class TargetProcess implements RunningTarget {

    static final int KEPT_OUTPUT_LINES = 10;
    /** How long after being ready the load URL may take to give its first 2xx before start-up says "none". */
    public static final Duration FIRST_2XX_LIMIT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final TargetSpec spec;
    private final long spawnNanos;
    private final Process process;
    private final Containment containment;
    private volatile List<String> leftRunning = List.of();
    private final OutputStream stdin;
    private final Deque<String> lastOutput = new ArrayDeque<>();
    private final Thread outputReader;
    private volatile StartUp startUp;
    private boolean closed;

    private TargetProcess(TargetSpec spec, long spawnNanos, Process process, Containment containment) {
        this.spec = spec;
        this.spawnNanos = spawnNanos;
        this.process = process;
        this.containment = containment;
        this.stdin = process.getOutputStream();
        this.outputReader = new Thread(this::drainOutput, "target-output-" + process.pid());
        outputReader.setDaemon(true);
        outputReader.start();
    }

    /**
     * Spawns the server, in a cgroup of its own where the machine allows it ({@code LOADCTL_CGROUP=off}: never);
     * on failure deletes the spec's work dir, which nothing else would.
     */
    public static TargetProcess start(TargetSpec spec) {
        return start(spec, Containment.cgroupsWanted(), STOP_GRACE);
    }

    /** As {@link #start(TargetSpec)}, with or without a cgroup and with another SIGTERM grace, for tests. */
    static TargetProcess start(TargetSpec spec, boolean cgroupAllowed, Duration stopGrace) {
        Containment containment = Containment.prepare(spec.readyUrl().getPort(), cgroupAllowed, stopGrace);
        ProcessBuilder builder = new ProcessBuilder(containment.command(spec.command())).redirectErrorStream(true);
        builder.environment().putAll(spec.env());
        builder.environment().putAll(containment.environment());
        long spawnNanos = System.nanoTime();
        Process process;
        try {
            // Behind the cgroup's waiting shell a missing program would only show as the shell's exit.
            requireProgram(spec.command().get(0), builder.environment().get("PATH"));
            process = builder.start();
        } catch (IOException e) {
            containment.discard();
            WorkDir.delete(spec.workDir());
            throw new LoadctlException(ExitCode.TARGET_FAILED, "cannot start the target server ("
                    + spec.command().get(0) + "): " + e.getMessage(), e);
        }
        containment.started(process);
        return new TargetProcess(spec, spawnNanos, process, containment);
    }

    /**
     * Stops what an earlier loadctl left running in its cgroups when it was killed (SIGKILL) together with its
     * watchdog, so that its server does not hold the port; one line per cgroup that still had processes.
     */
    public static List<String> stopLeftovers() {
        return Cgroup.stopLeftovers();
    }

    private static void requireProgram(String program, String path) throws IOException {
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IOException("no such program, or not executable");
            }
            return;
        }
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw new IOException("not found on PATH");
    }

    public long pid() {
        return process.pid();
    }

    /** The server and every process it started (uvicorn's workers, a daemon's children, for example). */
    public List<Long> processTree() {
        return containment.pids();
    }

    /**
     * Ends the server's latency window and starts the next (see {@link ServerWindow}); null when the target has
     * no stats URL or did not answer within the timeout.
     */
    public ServerWindow readStatsWindow(Duration timeout) {
        return spec.statsUrl() == null ? null : ServerWindow.readAndReset(spec.statsUrl(), timeout);
    }

    public boolean isAlive() {
        return process.isAlive() || containment.anyAlive();
    }

    /** How its processes are held: "cgroup PATH", or how they are found without one. */
    public String containment() {
        return containment.describe();
    }

    /** After {@link #close()}: what could not be stopped, each as "pid N (command)"; empty when nothing. */
    public List<String> leftRunning() {
        return leftRunning;
    }

    /**
     * Polls {@link TargetSpec#readyUrl()} until any HTTP response comes back (ready), then, in the same
     * loop, {@link TargetSpec#loadUrl()} until a 2xx (the first 2xx). Both are timed from the spawn.
     * Throws, with the server's last output, when the server exits first or {@code limit} passes before
     * it is ready; a load URL that gives no 2xx within {@link #FIRST_2XX_LIMIT} only leaves first2xx
     * unknown, since the measurement itself will show what it answers.
     */
    public StartUp awaitReady(Duration limit) {
        return awaitReady(limit, FIRST_2XX_LIMIT);
    }

    /** As {@link #awaitReady(Duration)}, waiting at most {@code first2xxLimit} for the first 2xx after ready. */
    public StartUp awaitReady(Duration limit, Duration first2xxLimit) {
        return startUp = Readiness.await(spec, spawnNanos, limit, first2xxLimit, new Readiness.Watched(this::isAlive,
                () -> "exited with status " + exitStatus(), () -> process.isAlive() ? ""
                : " (its first process exited with status " + exitStatus() + "; what it started still runs)",
                this::failure));
    }

    @Override
    public StartUp startUp() {
        return startUp;
    }

    public synchronized List<String> lastOutput() {
        return new ArrayList<>(lastOutput);
    }

    /**
     * Stops the server and everything it started (see {@link Containment}): SIGTERM, then SIGKILL for whatever
     * still runs after {@link #STOP_GRACE}; what survives even that is in {@link #leftRunning()}. Safe to call
     * twice and from another thread (Ctrl-C).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        leftRunning = List.copyOf(containment.stop());
        awaitExit(process, Duration.ofSeconds(1));
        try {
            stdin.close();
        } catch (IOException ignored) {
            // The server is gone; nothing reads this pipe any more.
        }
        WorkDir.delete(spec.workDir());
    }

    /** Lets Java reap the server it spawned, so that it is no longer alive once close returns. */
    private static void awaitExit(Process process, Duration limit) {
        try {
            process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
}
