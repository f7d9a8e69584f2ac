package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.Ssh;
import dev.loadctl.launch.SshHost;
import dev.loadctl.launch.TempFiles;
import dev.loadctl.result.GeneratorRun;
import dev.loadctl.wrk.WrkInvocation;
import dev.loadctl.wrk.WrkOutputParser;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk of a point with several generators, on this machine or on a host over ssh, run by the same
 * small POSIX shell wrapper either way ({@link #wrapper}). Its stdin is the wrapper's whole protocol:
 *
 * <ol>
 *   <li>the Lua script, {@code N} bytes, which the wrapper writes to a private temporary file;</li>
 *   <li>a {@code go} line once every generator of the point has said {@code loadctl-generator ready} on its
 *       stderr: they all start wrk together, to within the time a line takes to reach each;</li>
 *   <li>then nothing: the wrapper watches its stdin, and when it closes (loadctl stopped it, loadctl died and
 *       the pipe closed with it, or the ssh connection went away) it kills wrk at once.</li>
 * </ol>
 *
 * <p>wrk's stdout and stderr are the wrapper's stdout, into a file here; the wrapper's own lines (ready, then
 * {@code times}: wrk's CPU, counted when it has exited) and ssh's errors are stderr, into another. When wrk
 * exits the wrapper deletes the script, so nothing is left on the host.
 */
final class GeneratorProcess implements AutoCloseable {

    static final String READY = "loadctl-generator ready";
    static final String NO_WRK = "loadctl-generator no-wrk";
    private static final String TIMES = "loadctl-generator times";
    private static final String TIMES_BEFORE = "loadctl-generator times-before";
    private static final String SCRIPT = "loadctl-generator script ";
    /** How long a wrapper told to stop may take to kill wrk and delete its script, on a machine under load. */
    private static final long STOP_GRACE_MILLIS = 5000;
    /** A line of the shell's {@code times}: user and system time, as dash ({@code 0m1.230000s}) and bash print it. */
    private static final Pattern TIMES_LINE = Pattern.compile("^\\s*(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$");

    private final String host;
    private final int index;
    private final SshHost sshHost;
    private final Process process;
    private final OutputStream stdin;
    private final Path stdout;
    private final Path stderr;
    private volatile long goNanos;
    private volatile boolean stopped;

    private GeneratorProcess(String host, int index, SshHost sshHost, Process process, Path stdout, Path stderr) {
        this.host = host;
        this.index = index;
        this.sshHost = sshHost;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the wrapper (through {@code ssh} when {@code sshHost} is given, else {@code sh} here) and sends it
     * the script; wrk starts at {@link #go()}.
     */
    static GeneratorProcess start(Ssh ssh, SshHost sshHost, int index, String wrkExecutable,
                                  WrkInvocation invocation, byte[] script) {
        String host = sshHost == null ? GeneratorRun.LOCAL : sshHost.given();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("loadctl-generator-", ".out");
            err = Files.createTempFile("loadctl-generator-", ".err");
            String wrapper = wrapper(wrkExecutable, invocation, script == null ? 0 : script.length);
            Process process;
            if (sshHost == null) {
                process = new ProcessBuilder("sh", "-c", wrapper).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
            } else {
                process = ssh.start(sshHost, "sh -c " + Ssh.quote(wrapper), out.toFile(), err.toFile());
            }
            GeneratorProcess generator = new GeneratorProcess(host, index, sshHost, process, out, err);
            generator.send(script == null ? new byte[0] : script);
            return generator;
        } catch (IOException e) {
            TempFiles.delete(out);
            TempFiles.delete(err);
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot start the wrk of " + host + " #" + index + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            TempFiles.delete(out);
            TempFiles.delete(err);
            throw e;
        }
    }

    /**
     * The wrapper, one line of POSIX sh. {@code $f} is the script's file; {@code $w} wrk; {@code $k} the
     * watcher of stdin. A stop before {@code go} (stdin closed) ends it without starting wrk.
     */
    static String wrapper(String wrkExecutable, WrkInvocation invocation, int scriptBytes) {
        boolean lua = scriptBytes > 0;
        List<String> wrk = invocation.command(wrkExecutable, lua ? Path.of("SCRIPT") : null);
        StringBuilder command = new StringBuilder();
        for (int i = 0; i < wrk.size(); i++) {
            boolean scriptArgument = lua && i > 0 && wrk.get(i - 1).equals("-s");
            command.append(i == 0 ? "" : " ").append(scriptArgument ? "\"$f\"" : Ssh.quote(wrk.get(i)));
        }
        String executable = Ssh.quote(wrkExecutable);
        List<String> lines = new ArrayList<>();
        lines.add("w=; k=; f=");
        lines.add("trap 'rm -f \"$f\"' EXIT");
        // A signal to the wrapper (ssh's session torn down, Ctrl-C on this machine) stops wrk too.
        lines.add("trap '[ -z \"$w\" ] || kill -TERM \"$w\" 2>/dev/null; rm -f \"$f\"; exit 143' HUP INT TERM PIPE");
        lines.add("command -v " + executable + " >/dev/null 2>&1 || { echo \"" + NO_WRK + " " + wrkExecutable.replace("\"", "")
                + " is not on PATH on $(hostname)\" >&2; exit 127; }");
        if (lua) {
            lines.add("f=$(mktemp \"${TMPDIR:-/tmp}/loadctl-script-XXXXXX\") || exit 96");
            lines.add("echo \"" + SCRIPT + "$f\" >&2");
            lines.add("head -c " + scriptBytes + " >\"$f\" || exit 96");
            lines.add("[ \"$(wc -c <\"$f\")\" -eq " + scriptBytes + " ] || exit 96");
        }
        // wrk needs a descriptor per connection: the soft limit up to the hard one, as loadctl does for its own.
        lines.add("ulimit -n \"$(ulimit -Hn)\" 2>/dev/null");
        lines.add("echo " + READY + " >&2");
        lines.add("IFS= read -r go || exit 0");
        // The shell's children's times include whatever its process ran before exec'ing it (sshd's session
        // does), so wrk's CPU is the difference across it.
        lines.add("echo " + TIMES_BEFORE + " >&2; times >&2");
        lines.add("exec 3<&0");
        lines.add(command + " </dev/null 3<&- 2>&1 & w=$!");
        lines.add("{ read -r _ <&3; kill -TERM \"$w\"; } >/dev/null 2>&1 & k=$!");
        lines.add("exec 3<&-");
        lines.add("wait \"$w\"; rc=$?");
        lines.add("echo " + TIMES + " >&2; times >&2");
        lines.add("kill \"$k\" 2>/dev/null; rm -f \"$f\"");
        lines.add("exit \"$rc\"");
        return String.join("; ", lines);
    }

    String label() {
        return host + " #" + index;
    }

    String host() {
        return host;
    }

    int index() {
        return index;
    }

    SshHost sshHost() {
        return sshHost;
    }

    private void send(byte[] bytes) throws IOException {
        try {
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException closedEarly) {
            // The wrapper is gone already (ssh failed): awaitReady says why.
        }
    }

    /** Waits until the wrapper has the script and waits for {@code go}; throws with its reason if it ends first. */
    void awaitReady(long deadlineNanos, long limitSeconds) {
        while (true) {
            if (stopped) {
                throw new LoadctlException(ExitCode.INTERRUPTED, "stopped before wrk started");
            }
            String err = TempFiles.read(stderr);
            if (err.contains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw failure(exitCode(), "it ended before wrk started");
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new LoadctlException(sshHost == null ? ExitCode.WRK_FAILED : ExitCode.ENVIRONMENT,
                        "generator " + label() + " was not ready to start wrk within "
                                + limitSeconds + " s" + lastLineOf(err));
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted before wrk started");
            }
        }
    }

    /** Lets wrk start. */
    void go() {
        goNanos = System.nanoTime();
        try {
            stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException gone) {
            // The wrapper ended meanwhile: its exit says why.
        }
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** What one wrk run gave, once the wrapper has exited. */
    record Finished(WrkOutputParser.Parsed parsed, double cpuSeconds, double wallSeconds) {
    }

    /** Reads the exited wrapper's output; throws WRK_FAILED naming this generator when wrk failed. */
    Finished finish() {
        int exit = exitCode();
        if (stopped) {
            throw new LoadctlException(ExitCode.INTERRUPTED, "wrk was stopped before it finished");
        }
        if (exit != 0) {
            throw failure(exit, null);
        }
        String raw = TempFiles.read(stdout);
        WrkOutputParser.Parsed parsed;
        try {
            parsed = WrkOutputParser.read(raw);
        } catch (LoadctlException e) {
            throw new LoadctlException(e.exitCode(), "generator " + label() + ": " + e.getMessage(), e);
        }
        double wall = Math.max(1e-3, (System.nanoTime() - goNanos) / 1e9);
        return new Finished(parsed, childCpuSeconds(TempFiles.read(stderr)), wall);
    }

    /** wrk's CPU: the change in the children line of the wrapper's {@code times} across wrk; NaN when unknown. */
    static double childCpuSeconds(String stderrText) {
        int before = stderrText.indexOf(TIMES_BEFORE);
        int after = stderrText.lastIndexOf(TIMES + "\n");
        if (before < 0 || after < 0) {
            return Double.NaN;
        }
        return childTimes(stderrText.substring(after)) - childTimes(stderrText.substring(before));
    }

    /** The children line of the {@code times} after a marker line. */
    private static double childTimes(String fromMarker) {
        List<String> lines = fromMarker.lines().skip(1).filter(line -> !line.isBlank()).limit(2).toList();
        if (lines.size() < 2) {
            return Double.NaN;
        }
        Matcher m = TIMES_LINE.matcher(lines.get(1));
        if (!m.matches()) {
            return Double.NaN;
        }
        return Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }

    /** Why the wrapper failed, in one line: ssh's own message, wrk's, or how it ended. */
    LoadctlException failure(int exit, String when) {
        String err = TempFiles.read(stderr);
        String out = TempFiles.read(stdout);
        String prefix = "generator " + label() + ": ";
        if (sshHost != null && exit == 255) {
            String line = Ssh.lastLine(err);
            return new LoadctlException(ExitCode.WRK_FAILED, prefix + "ssh failed" + (when == null ? "" : " (" + when
                    + ")") + ": " + line);
        }
        if (exit == 127 && err.contains(NO_WRK)) {
            return new LoadctlException(sshHost == null ? ExitCode.ENVIRONMENT : ExitCode.ENVIRONMENT,
                    prefix + Ssh.lastLine(err.substring(err.indexOf(NO_WRK) + NO_WRK.length()))
                            + ": install it there (apt-get install wrk)");
        }
        if (exit == 96) {
            return new LoadctlException(ExitCode.WRK_FAILED, prefix + "the wrapper could not write wrk's script to a"
                    + " temporary file" + lastLineOf(err));
        }
        String wrkSays = out.isBlank() ? null : wrkMessage(out);
        if (wrkSays != null) {
            return new LoadctlException(ExitCode.WRK_FAILED, prefix + wrkSays);
        }
        String how = exit > 128 ? String.format(Locale.ROOT, "wrk was killed by signal %d", exit - 128)
                : "wrk exited with status " + exit;
        double after = goNanos == 0 ? 0 : (System.nanoTime() - goNanos) / 1e9;
        return new LoadctlException(ExitCode.WRK_FAILED, prefix + how + (goNanos == 0 ? ""
                : String.format(Locale.ROOT, " %.1f s after it started", after)) + (when == null ? "" : ", " + when)
                + lastLineOf(err.contains(TIMES) ? err.substring(0, err.indexOf(TIMES)) : err));
    }

    /** wrk's own message in a failed output, as the parser words it; null when it printed a whole result. */
    private static String wrkMessage(String out) {
        try {
            WrkOutputParser.parse(out);
            return null;
        } catch (LoadctlException e) {
            return e.getMessage();
        }
    }

    private static String lastLineOf(String text) {
        String line = Ssh.lastLine(text);
        return line.startsWith("(") || line.startsWith("loadctl-generator") ? "" : " (" + line + ")";
    }

    private int exitCode() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted while waiting for wrk");
        }
    }

    /**
     * Asks it to stop: closing stdin tells the wrapper to kill wrk (here, or on the host through ssh, which
     * passes the end of its input on); what is still running after a grace is killed, here.
     */
    void requestStop() {
        stopped = true;
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /**
     * {@link #requestStop()}, then waits for the wrapper to end. One that does not is sent SIGTERM (its trap
     * kills wrk and deletes the script; for ssh, the client ends and the host's wrapper sees its input end),
     * and what is left after that is killed, here.
     */
    void stop() {
        requestStop();
        try {
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops it if it runs, and deletes its files: here, a script its wrapper could not delete (it was killed)
     * too; on a host, the wrapper's traps are what delete it.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        if (sshHost == null) {
            TempFiles.read(stderr).lines().filter(line -> line.startsWith(SCRIPT)).findFirst()
                    .map(line -> Path.of(line.substring(SCRIPT.length()).strip()))
                    .filter(path -> path.getFileName().toString().startsWith("loadctl-script-"))
                    .ifPresent(TempFiles::delete);
        }
        TempFiles.delete(stdout);
        TempFiles.delete(stderr);
    }
}
