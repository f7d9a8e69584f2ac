package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A target server on a server host, started over ssh under a small POSIX sh wrapper ({@link #wrapper}), probed
 * over HTTP from here like a local one. The wrapper's stdin, the ssh channel, is its whole protocol:
 *
 * <ol>
 *   <li>the files it must have, byte counts known in advance (the bundled server's class path, see
 *       {@link ShippedClassPath}), written into a private temporary folder on the host;</li>
 *   <li>then lines: {@code cpu N} asks for the server's {@code /proc/PID/stat} lines and the host's uptime,
 *       answered on stderr between {@code loadctl-server cpu N begin} and {@code ... end};</li>
 *   <li>any other line, or the end of its input, stops the server: SIGTERM to its process group, SIGKILL to
 *       what is left after the grace, then the folder is removed and the wrapper exits.</li>
 * </ol>
 *
 * <p>The end of its input is what makes a killed loadctl safe: the pipe into ssh closes with loadctl's
 * process, ssh passes the end on, and the wrapper stops the server. The server runs under {@code setsid}, in a
 * process group of its own, so that stopping it reaches everything it started and nothing else.
 */
public final class RemoteTarget implements RunningTarget {

    /** Stands for the shipped class path in a bundled server's command; the wrapper puts the folder's jars there. */
    public static final String SHIPPED_CLASS_PATH = "{loadctl-shipped-class-path}";
    static final String STARTED = "loadctl-server started ";
    static final String EXITED = "loadctl-server exited ";
    static final String LEFT = "loadctl-server left ";
    static final String MISSING = "loadctl-server missing ";
    private static final String CPU = "loadctl-server cpu ";
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long the wrapper may take after its grace to report and exit, over a slow link. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(10);

    private final ServerHost server;
    private final TargetSpec spec;
    private final Process process;
    private final OutputStream stdin;
    private final Path stdout;
    private final Path stderr;
    private final Duration stopGrace;
    private volatile long spawnNanos;
    private volatile StartUp startUp;
    private volatile List<String> leftRunning = List.of();
    private int cpuReadings;
    private boolean closed;

    private RemoteTarget(ServerHost server, TargetSpec spec, Process process, Path stdout, Path stderr,
                         Duration stopGrace) {
        this.server = server;
        this.spec = spec;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = stdout;
        this.stderr = stderr;
        this.stopGrace = stopGrace;
    }

    /** Starts the server's wrapper on the host and sends it what it needs; {@link #awaitReady} says how it went. */
    public static RemoteTarget start(ServerHost server, TargetSpec spec) {
        return start(server, spec, STOP_GRACE);
    }

    static RemoteTarget start(ServerHost server, TargetSpec spec, Duration stopGrace) {
        List<Path> shipped = spec.command().contains(SHIPPED_CLASS_PATH) ? ShippedClassPath.files() : List.of();
        Path out = null;
        Path err = null;
        try {
            List<Long> sizes = new ArrayList<>();
            for (Path file : shipped) {
                sizes.add(Files.size(file));
            }
            out = Files.createTempFile("loadctl-server-", ".out");
            err = Files.createTempFile("loadctl-server-", ".err");
            String wrapper = wrapper(spec.command(), spec.env(), sizes, stopGrace);
            Process process = Ssh.shared(server.ssh()).start(server.host(), "sh -c " + Ssh.quote(wrapper),
                    out.toFile(), err.toFile());
            RemoteTarget target = new RemoteTarget(server, spec, process, out, err, stopGrace);
            target.ship(shipped);
            return target;
        } catch (IOException e) {
            TempFiles.delete(out);
            TempFiles.delete(err);
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot start the target server on " + server + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            TempFiles.delete(out);
            TempFiles.delete(err);
            throw e;
        }
    }

    /**
     * The wrapper, one line of POSIX sh: {@code $d} the folder, {@code $s} the server (its pid, its process
     * group's id), {@code $k} the watcher of stdin. It needs {@code setsid} (util-linux), {@code mktemp},
     * {@code head} and {@code wc} on the host.
     */
    static String wrapper(List<String> command, Map<String, String> env, List<Long> shippedSizes, Duration grace) {
        List<String> words = new ArrayList<>();
        env.forEach((name, value) -> words.add(Ssh.quote(name + "=" + value)));
        StringBuilder classPath = new StringBuilder();
        for (int i = 0; i < shippedSizes.size(); i++) {
            classPath.append(i == 0 ? "" : ":").append("$d/cp").append(i).append(".jar");
        }
        for (String word : command) {
            words.add(word.equals(SHIPPED_CLASS_PATH) ? "\"" + classPath + "\"" : Ssh.quote(word));
        }
        String program = Ssh.quote(command.get(0));
        long tenths = Math.max(1, grace.toMillis() / 100);
        List<String> lines = new ArrayList<>();
        lines.add("d=; s=; k=");
        // SIGTERM to the server's group, then SIGKILL to what is left after the grace; what even that leaves is
        // reported. kill -0 to a group is true while any process of it exists.
        lines.add("stop() { [ -n \"$s\" ] || return 0; kill -TERM -\"$s\" 2>/dev/null; i=0;"
                + " while kill -0 -\"$s\" 2>/dev/null && [ $i -lt " + tenths + " ]; do sleep 0.1 2>/dev/null || sleep 1;"
                + " i=$((i+1)); done; kill -0 -\"$s\" 2>/dev/null || return 0; kill -KILL -\"$s\" 2>/dev/null;"
                + " sleep 0.2 2>/dev/null || sleep 1; kill -0 -\"$s\" 2>/dev/null && echo \"" + LEFT
                + "processes of group $s\" >&2; return 0; }");
        lines.add("trap '[ -z \"$d\" ] || rm -rf \"$d\"' EXIT");
        // ssh's session torn down, or a signal to the wrapper: the server is stopped all the same.
        lines.add("trap 'stop; exit 143' HUP INT TERM PIPE");
        lines.add("for t in setsid mktemp head wc " + program + "; do command -v \"$t\" >/dev/null 2>&1 || { echo \""
                + MISSING + "$t is not on PATH on $(hostname)\" >&2; exit 127; }; done");
        lines.add("d=$(mktemp -d \"${TMPDIR:-/tmp}/loadctl-server-XXXXXX\") || exit 96");
        for (int i = 0; i < shippedSizes.size(); i++) {
            String file = "\"$d/cp" + i + ".jar\"";
            lines.add("head -c " + shippedSizes.get(i) + " >" + file + " || exit 96");
            lines.add("[ \"$(wc -c <" + file + ")\" -eq " + shippedSizes.get(i) + " ] || exit 96");
        }
        lines.add("setsid env " + String.join(" ", words) + " </dev/null 2>&1 & s=$!");
        lines.add("echo \"" + STARTED + "$s\" >&2");
        // The server's group, as the host's /proc shows it: field 5 of stat is the process group.
        lines.add("cpu() { n=$1; { echo \"" + CPU + "$n begin\"; cat /proc/uptime; for f in /proc/[0-9]*/stat; do"
                + " { IFS= read -r l <\"$f\"; } 2>/dev/null || continue; r=${l##*) }; set -- $r;"
                + " [ \"$3\" = \"$s\" ] && printf '%s\\n' \"$l\"; done; echo \"" + CPU + "$n end\"; } >&2; }");
        lines.add("exec 3<&0");
        // The watcher must outlive the channel to stop the server: a cpu answer written after the channel closed
        // (loadctl stopping, or its connection gone) would otherwise kill it by SIGPIPE before it reads the end.
        lines.add("{ trap '' PIPE; while IFS= read -r c <&3; do case \"$c\" in \"cpu \"*) cpu \"${c#cpu }\";;"
                + " *) break;; esac; done; stop; } >/dev/null & k=$!");
        lines.add("exec 3<&-");
        lines.add("wait \"$s\"; rc=$?");
        lines.add("echo \"" + EXITED + "$rc\" >&2");
        lines.add("stop; kill \"$k\" 2>/dev/null");
        lines.add("exit \"$rc\"");
        return String.join("; ", lines);
    }

    /** The shipped files, one after the other; a wrapper that ended early has said why on stderr. */
    private void ship(List<Path> files) {
        try {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(stdin);
                }
            }
            stdin.flush();
        } catch (IOException closedEarly) {
            // The wrapper is gone already (ssh failed, a program missing): awaitReady says why.
        }
    }

    @Override
    public StartUp awaitReady(Duration limit) {
        return awaitReady(limit, TargetProcess.FIRST_2XX_LIMIT);
    }

    /** Waits until the wrapper has spawned the server (start-up counts from then), then polls it from here. */
    public StartUp awaitReady(Duration limit, Duration first2xxLimit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!TempFiles.read(stderr).contains(STARTED)) {
            if (!process.isAlive()) {
                throw failure(why(exitCode()));
            }
            if (System.nanoTime() > deadline) {
                throw failure("was not started within " + limit.toSeconds() + " s (ssh: "
                        + Ssh.lastLine(TempFiles.read(stderr)) + ")");
            }
            if (Thread.currentThread().isInterrupted()) {
                throw failure("was not ready: loadctl was interrupted");
            }
            Readiness.sleep(Duration.ofMillis(5));
        }
        spawnNanos = System.nanoTime();
        Duration left = Duration.ofNanos(Math.max(0, deadline - spawnNanos));
        return startUp = Readiness.await(spec, spawnNanos, left, first2xxLimit, new Readiness.Watched(this::isAlive,
                () -> why(exitCode()), () -> "", this::failure));
    }

    /** How the wrapper ended, in the words a local server's end would have. */
    private String why(int exit) {
        String err = TempFiles.read(stderr);
        if (exit == 255 && !err.contains(STARTED)) {
            String line = Ssh.lastLine(err);
            return "could not be started: ssh failed: " + line + ": " + Ssh.fix(line, server.host(), server.ssh());
        }
        if (exit == 127 && err.contains(MISSING)) {
            return "could not be started: " + Ssh.lastLine(err.substring(err.indexOf(MISSING) + MISSING.length()));
        }
        if (exit == 96) {
            return "could not be started: the host's temporary folder did not take the server's files";
        }
        int at = err.lastIndexOf(EXITED);
        return "exited with status " + (at < 0 ? "unknown (ssh ended with " + exit + ")"
                : err.substring(at + EXITED.length()).lines().findFirst().orElse("?").strip());
    }

    private LoadctlException failure(String what) {
        List<String> output = lastOutput();
        return new LoadctlException(ExitCode.TARGET_FAILED, "the target server on " + server + " " + what
                + " (command: " + String.join(" ", spec.command()).replace(SHIPPED_CLASS_PATH, "SHIPPED.jar")
                + ")" + (output.isEmpty() ? "; it printed nothing" : "; its last output:\n    "
                + String.join("\n    ", output)));
    }

    @Override
    public StartUp startUp() {
        return startUp;
    }

    @Override
    public ServerWindow readStatsWindow(Duration timeout) {
        return spec.statsUrl() == null ? null : ServerWindow.readAndReset(spec.statsUrl(), timeout);
    }

    /** The wrapper runs while the server does: it exits once the server has. */
    @Override
    public boolean isAlive() {
        return process.isAlive() && !TempFiles.read(stderr).contains(EXITED);
    }

    @Override
    public List<String> lastOutput() {
        List<String> lines = TempFiles.read(stdout).lines().filter(line -> !line.isBlank()).toList();
        return List.copyOf(lines.subList(Math.max(0, lines.size() - TargetProcess.KEPT_OUTPUT_LINES), lines.size()));
    }

    @Override
    public List<Long> processTree() {
        return List.of();
    }

    @Override
    public boolean remote() {
        return true;
    }

    /** Asks the wrapper for the server's processes' stat lines; null when it does not answer in time. */
    @Override
    public synchronized HostProcStat hostProcStat(Duration timeout) {
        if (closed) {
            return null;
        }
        int n = ++cpuReadings;
        try {
            stdin.write(("cpu " + n + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException gone) {
            return null;
        }
        String begin = CPU + n + " begin\n";
        String end = CPU + n + " end\n";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            String err = TempFiles.read(stderr);
            int from = err.indexOf(begin);
            int to = err.indexOf(end);
            if (from >= 0 && to > from) {
                List<String> lines = err.substring(from + begin.length(), to).lines().toList();
                if (lines.isEmpty()) {
                    return null;
                }
                try {
                    double uptime = Double.parseDouble(lines.get(0).strip().split("\\s+")[0]);
                    return new HostProcStat(Math.round(uptime * 1e9), lines.subList(1, lines.size()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            Readiness.sleep(Duration.ofMillis(2));
        }
        return null;
    }

    @Override
    public List<String> leftRunning() {
        return leftRunning;
    }

    /**
     * Ends the wrapper's input: it stops the server's group (SIGTERM, SIGKILL after the grace) and exits. An ssh
     * that does not end after that is killed here; the host's wrapper then sees its input end all the same.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed: the wrapper is stopping.
        }
        try {
            if (!process.waitFor(stopGrace.plus(EXIT_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                leftRunning = List.of("the server on " + server + ": its wrapper did not confirm it stopped within "
                        + stopGrace.plus(EXIT_MARGIN).toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        String err = TempFiles.read(stderr);
        if (err.contains(LEFT)) {
            leftRunning = List.of("the server on " + server + ": "
                    + Ssh.lastLine(err.substring(err.indexOf(LEFT) + LEFT.length())) + " survived SIGKILL");
        }
        TempFiles.delete(stdout);
        TempFiles.delete(stderr);
    }

    private int exitCode() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
