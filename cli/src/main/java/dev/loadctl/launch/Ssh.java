package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OpenSSH, run the way loadctl runs every command on a generator host: never a password prompt
 * ({@code BatchMode=yes}), one connection per host that every command multiplexes over
 * ({@code ControlMaster=auto}, its socket in a private folder of this process, {@code ControlPersist} short
 * so that a master outlives loadctl by seconds at most), and the user's own configuration for the rest:
 * keys, known hosts (checked as the user has it), proxies, {@code --ssh-config} and {@code --ssh-option}.
 *
 * <p>Every command's output goes to files, never to pipes: a master that ssh puts in the background
 * keeps the stderr of the command that started it, and a pipe would then stay open as long as the master.
 *
 * <p>One instance per {@link SshSettings} in this JVM ({@link #shared}), so that preflight's checks and the
 * load use the same connections; {@link #close()} ends the masters ({@code ssh -O exit}) and deletes the
 * folder, and a shutdown hook does it for any instance left open.
 */
public final class Ssh implements AutoCloseable {

    /** Long enough to bridge the restart of a target between points, short enough not to linger. */
    static final String CONTROL_PERSIST = "30s";
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(5);
    private static final Map<SshSettings, Ssh> SHARED = new HashMap<>();
    private static boolean hookInstalled;

    private final SshSettings settings;
    private final Set<SshHost> used = new LinkedHashSet<>();
    private Path controlDir;
    private boolean closed;

    private Ssh(SshSettings settings) {
        this.settings = settings;
    }

    /** This JVM's ssh for these settings, made on first use. */
    public static synchronized Ssh shared(SshSettings settings) {
        if (!hookInstalled) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Ssh::closeAll, "loadctl-ssh-exit"));
            } catch (IllegalStateException shuttingDown) {
                // Too late for a hook: whoever is shutting down closes what it opened.
            }
            hookInstalled = true;
        }
        return SHARED.computeIfAbsent(settings, Ssh::new);
    }

    /** Closes this JVM's ssh for these settings, if one was made: its masters end now, not ControlPersist later. */
    public static void closeShared(SshSettings settings) {
        Ssh open;
        synchronized (Ssh.class) {
            open = SHARED.get(settings);
        }
        if (open != null) {
            open.close();
        }
    }

    private static void closeAll() {
        List<Ssh> open;
        synchronized (Ssh.class) {
            open = new ArrayList<>(SHARED.values());
        }
        open.forEach(Ssh::close);
    }

    /** The ssh executable: {@code ssh} on PATH, or {@code $LOADCTL_SSH}. */
    public static String executable() {
        String configured = System.getenv("LOADCTL_SSH");
        return configured == null || configured.isBlank() ? "ssh" : configured;
    }

    /** What one command did: its exit status (255: ssh itself failed) and what it printed. */
    public record Result(int exitCode, String stdout, String stderr) {

        public boolean sshFailed() {
            return exitCode == 255;
        }

        /** The last line ssh or the command printed on stderr, which is where ssh says what went wrong. */
        public String errorLine() {
            return lastLine(stderr);
        }
    }

    /** The full ssh command line for {@code remoteCommand} (run by the login shell on the host). */
    public synchronized List<String> command(SshHost host, String remoteCommand) {
        if (closed) {
            throw new LoadctlException(ExitCode.INTERRUPTED, "stopped: no new ssh to " + host);
        }
        used.add(host);
        List<String> command = new ArrayList<>(List.of(executable()));
        if (settings.configFile() != null) {
            command.addAll(List.of("-F", settings.configFile().toString()));
        }
        // ssh keeps the first value it gets for an option: these come before the user's, which come before
        // defaults the user may change.
        option(command, "BatchMode=yes");
        option(command, "ControlMaster=auto");
        option(command, "ControlPath=" + controlDir().resolve("%C"));
        option(command, "ControlPersist=" + CONTROL_PERSIST);
        settings.options().forEach(value -> option(command, value));
        option(command, "ConnectTimeout=10");
        option(command, "ServerAliveInterval=5");
        option(command, "ServerAliveCountMax=3");
        option(command, "LogLevel=ERROR");
        command.addAll(List.of("-T", "-e", "none"));
        if (host.port() != null) {
            command.addAll(List.of("-p", host.port().toString()));
        }
        if (host.user() != null) {
            command.addAll(List.of("-l", host.user()));
        }
        command.add("--");
        command.add(host.host());
        command.add(remoteCommand);
        return command;
    }

    /** Starts {@code remoteCommand} on the host; its stdin is a pipe, its stdout and stderr go to the files. */
    public Process start(SshHost host, String remoteCommand, File stdout, File stderr) {
        ProcessBuilder builder = new ProcessBuilder(command(host, remoteCommand))
                .redirectOutput(stdout).redirectError(stderr);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot run " + executable() + ": " + e.getMessage()
                    + ": install OpenSSH's client (apt-get install openssh-client), or point LOADCTL_SSH at it", e);
        }
    }

    /**
     * Starts {@code remoteCommand} with its stdin and stdout as pipes, for a short exchange of lines; stderr goes
     * to {@code stderr}. Read only the lines expected, never to the end: if this ssh became the host's master,
     * the master keeps the pipe open after the command ends.
     */
    public Process startPiped(SshHost host, String remoteCommand, File stderr) {
        ProcessBuilder builder = new ProcessBuilder(command(host, remoteCommand)).redirectError(stderr);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot run " + executable() + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code remoteCommand} to its end, with {@code stdin} as its input; ssh's failures are results too. */
    public Result run(SshHost host, String remoteCommand, String stdin, Duration limit) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("loadctl-ssh-", ".out");
            err = Files.createTempFile("loadctl-ssh-", ".err");
            Process process = start(host, remoteCommand, out.toFile(), err.toFile());
            try (var in = process.getOutputStream()) {
                in.write(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // ssh exited before reading its input: its exit status and stderr say why.
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
                return new Result(255, Files.readString(out), Files.readString(err)
                        + "\nssh to " + host + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot run ssh to " + host + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted while running ssh to " + host);
        } finally {
            TempFiles.delete(out);
            TempFiles.delete(err);
        }
    }

    /** Ends every master this instance started and deletes its folder. Idempotent. */
    @Override
    public void close() {
        List<SshHost> hosts;
        Path dir;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            hosts = new ArrayList<>(used);
            dir = controlDir;
        }
        synchronized (Ssh.class) {
            SHARED.remove(settings, this);
        }
        if (dir == null) {
            return;
        }
        for (SshHost host : hosts) {
            List<String> exit = new ArrayList<>(List.of(executable()));
            if (settings.configFile() != null) {
                exit.addAll(List.of("-F", settings.configFile().toString()));
            }
            exit.addAll(List.of("-o", "ControlPath=" + dir.resolve("%C"), "-o", "LogLevel=QUIET", "-O", "exit"));
            if (host.port() != null) {
                exit.addAll(List.of("-p", host.port().toString()));
            }
            if (host.user() != null) {
                exit.addAll(List.of("-l", host.user()));
            }
            exit.addAll(List.of("--", host.host()));
            try {
                Process process = new ProcessBuilder(exit).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                process.getOutputStream().close();
                if (!process.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                // No ssh to ask: the master, if any, ends by itself after ControlPersist.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(TempFiles::delete);
        } catch (IOException ignored) {
            // A leftover empty folder in the temp dir is not worth failing for.
        }
    }

    private synchronized Path controlDir() {
        if (controlDir == null) {
            try {
                controlDir = Files.createTempDirectory("loadctl-ssh-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot make a private folder for ssh's connection"
                        + " sockets: " + e.getMessage() + " (is the temp folder writable?)", e);
            }
        }
        return controlDir;
    }

    private static void option(List<String> command, String value) {
        command.add("-o");
        command.add(value);
    }

    /** {@code text} as one word for a POSIX shell: in single quotes, each single quote as {@code '\''}. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** What to do about an ssh failure, from ssh's own message; {@code check} is the command to try it by hand. */
    public static String fix(String errorLine, SshHost host, SshSettings settings) {
        String check = "ssh -o BatchMode=yes" + (settings.configFile() == null ? "" : " -F " + settings.configFile())
                + (host.port() == null ? "" : " -p " + host.port()) + " " + (host.user() == null ? "" : host.user() + "@")
                + host.host() + " true";
        String line = errorLine.toLowerCase(Locale.ROOT);
        if (line.contains("host key verification failed") || line.contains("remote host identification has changed")) {
            return "ssh does not know (or no longer trusts) this host's key, and loadctl never accepts one for you:"
                    + " check its fingerprint and connect once by hand (" + check.replace(" -o BatchMode=yes", "")
                    + "), then retry";
        }
        if (line.contains("permission denied") || line.contains("too many authentication failures")) {
            return "the host refused every key (BatchMode: no passwords): give the key with --ssh-option"
                    + " IdentityFile=~/.ssh/KEY or in ~/.ssh/config, load it into ssh-agent, or install it on the host"
                    + " (ssh-copy-id); check with: " + check;
        }
        if (line.contains("could not resolve hostname")) {
            return "check the host name; check with: " + check;
        }
        if (line.contains("connection refused") || line.contains("timed out") || line.contains("no route to host")
                || line.contains("network is unreachable") || line.contains("connection closed")
                || line.contains("connection reset")) {
            return "check that sshd runs on the host and listens on that port, and that this machine can reach it;"
                    + " check with: " + check;
        }
        return "check with: " + check;
    }

    /** The last non-blank line of {@code text}, stripped; "(nothing)" when there is none. */
    public static String lastLine(String text) {
        String last = null;
        for (String line : (text == null ? "" : text).split("\\R")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last == null ? "(it printed nothing)" : last;
    }
}
