package dev.loadctl.launch;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An sshd of the tests' own, so that one machine can stand in for generator hosts: OpenSSH's server on
 * 127.0.0.1 and a free port, with a host key, an authorized key, a pid file and its config all in a
 * temporary folder, and an ssh config that uses that key and a known_hosts file naming that host key. The
 * machine's own sshd and its configuration are never touched. Stopped, and its folder deleted, after the
 * tests. Tests are skipped, saying why, where OpenSSH's server is not installed ({@code .ci/run} installs it).
 */
public final class PrivateSshd implements BeforeAllCallback, AfterAllCallback {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** sshd's privilege-separation folder; the package's service makes it at boot, so a test does when missing. */
    private static final Path PRIVSEP = Path.of("/run/sshd");

    private Path dir;
    private int port;
    private Process sshd;
    /** Stops sshd when the test JVM is stopped (SIGTERM, Ctrl-C) before {@link #afterAll} ran. */
    private Thread stopOnExit;
    private String unavailable;

    /** Skips the calling test, saying why, when there is no sshd to run. */
    public void assumeAvailable() {
        assumeTrue(unavailable == null, unavailable);
    }

    public boolean available() {
        return unavailable == null;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            unavailable = "skipped: no " + SSHD + " (apt-get install openssh-server)";
            return;
        }
        if (!onPath("ssh") || !onPath("ssh-keygen")) {
            unavailable = "skipped: no ssh or ssh-keygen (apt-get install openssh-client)";
            return;
        }
        if (!Files.isDirectory(PRIVSEP)) {
            try {
                Files.createDirectories(PRIVSEP);
            } catch (IOException e) {
                unavailable = "skipped: sshd needs " + PRIVSEP + ", which cannot be made: " + e.getMessage();
                return;
            }
        }
        dir = Files.createTempDirectory("loadctl-sshd-");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                // The generators of one test open a few sessions at once over one connection.
                "MaxSessions 20",
                "MaxStartups 50",
                ""));
        String hostKey = Files.readString(dir.resolve("host_key.pub")).strip().split(" ")[0] + " "
                + Files.readString(dir.resolve("host_key.pub")).strip().split(" ")[1];
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
        Files.writeString(dir.resolve("ssh_config"), String.join("\n",
                "Host *",
                "  IdentityFile " + dir.resolve("client_key"),
                "  IdentitiesOnly yes",
                "  UserKnownHostsFile " + dir.resolve("known_hosts"),
                "  GlobalKnownHostsFile /dev/null",
                ""));
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                "-p", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Process started = sshd;
        stopOnExit = new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
            try {
                started.waitFor(5, TimeUnit.SECONDS);
                deleteDir();
            } catch (IOException | InterruptedException leftBehind) {
                // Exiting anyway: a temporary folder is all that stays.
            }
        }, "stop the tests' sshd");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening()) {
            if (!sshd.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("sshd.log"));
                afterAll(context);
                throw new IllegalStateException("the tests' sshd did not start: " + log);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stopOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException alreadyExiting) {
                // The hook is running or has run: sshd is being stopped anyway.
            }
            stopOnExit = null;
        }
        if (sshd != null) {
            sshd.descendants().forEach(ProcessHandle::destroy);
            sshd.destroy();
            if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
                sshd.descendants().forEach(ProcessHandle::destroyForcibly);
                sshd.destroyForcibly();
            }
        }
        deleteDir();
    }

    private void deleteDir() throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** The generator host for this sshd: root on this machine, at its port. */
    public String host() {
        assumeAvailable();
        return "root@127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The ssh config that gives its key and known_hosts ({@code --ssh-config}). */
    public Path sshConfig() {
        return dir.resolve("ssh_config");
    }

    public Path dir() {
        return dir;
    }

    /** The processes sshd runs now (one per connection, and what runs under them), zombies left out. */
    public List<String> sessions() {
        return sshd.descendants().filter(PrivateSshd::running)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    /** Alive and not a zombie: PID 1 of a container may never reap what it inherits. */
    public static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).charAt(0) != 'Z';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
