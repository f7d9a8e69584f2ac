package dev.loadctl.cli;

import dev.loadctl.launch.PrivateSshd;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target server on a server host ({@code --server-host}), the tests' own sshd on this machine standing in
 * for it: a sweep measures real responses from it; SIGTERM and SIGKILL of loadctl leave no server, no wrapper
 * and no ssh behind; a host ssh cannot reach fails before any load, in one line.
 */
class SshServerHostTest {

    @RegisterExtension
    static final PrivateSshd SSHD = new PrivateSshd();

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.killingWhatIsLeft();

    @Test
    void aSweepAgainstTheBundledServerOnAServerHostMeasuresItsResponses() throws Exception {
        SSHD.assumeAvailable();
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--duration", "1s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString(),
                "--server-host", SSHD.host(), "--ssh-config", SSHD.sshConfig().toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.complete()).isTrue();
        WrkResult measured = result.points().get(0).iterations().get(0);
        assertThat(measured.statusCodes()).as(run.out()).containsKey("200");
        assertThat(measured.statusCodes().get("200")).isGreaterThan(0);
        assertThat(measured.url()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/ping/");
        assertThat(measured.cpu().serverCores()).as("the server's CPU, from the host's /proc").isNotNull()
                .isGreaterThanOrEqualTo(0.0);
        assertThat(measured.cpu().serverHost()).isEqualTo(SSHD.host());
        assertThat(result.preflight()).anySatisfy(check -> assertThat(check.name())
                .isEqualTo("server host " + SSHD.host()));
        assertThat(LoadctlProcesses.awaitNoneOn(sandbox.port(), Duration.ofSeconds(10))).isEmpty();
        assertThat(wrappers()).isEmpty();
        assertThat(serverFolders()).as("the host's copies of the server's jars").isEmpty();
    }

    @Test
    void aServerHostSshCannotReachFailsBeforeAnyLoadInOneLine() throws Exception {
        SSHD.assumeAvailable();
        int closed = LoadctlProcesses.freePort();
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--duration", "1s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString(),
                "--server-host", "root@127.0.0.1:" + closed, "--ssh-config", SSHD.sshConfig().toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err().strip().lines()).as(run.err()).singleElement().asString()
                .contains("server host root@127.0.0.1:" + closed + ": ssh failed: ssh: connect to host 127.0.0.1"
                        + " port " + closed + ": Connection refused")
                .contains("check that sshd runs on the host");
        assertThat(sandbox.out()).doesNotExist();
    }

    @Test
    void sigtermMidPointStopsTheRemoteServerAndLeavesNothing() throws Exception {
        SSHD.assumeAvailable();
        // A connection another test's killed loadctl left may linger (ControlPersist); it is not this one's.
        List<String> before = SSHD.sessions();
        try (LoadctlProcesses.Child loadctl = startLongSweep()) {
            awaitRemoteServer(loadctl);
            loadctl.process.destroy();
            assertThat(loadctl.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(loadctl.process.exitValue()).as(loadctl.output()).isEqualTo(130);
        }
        assertNothingLeft(Duration.ofSeconds(15), before);
    }

    @Test
    void sigkillOfLoadctlStopsTheRemoteServerOnItsOwn() throws Exception {
        SSHD.assumeAvailable();
        try (LoadctlProcesses.Child loadctl = startLongSweep()) {
            awaitRemoteServer(loadctl);
            // Only loadctl's JVM: its ssh client, the wrapper and the server are left to notice by themselves.
            loadctl.process.destroyForcibly();
            assertThat(loadctl.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // The connection's master may outlive loadctl by ControlPersist (30 s); what ran over it may not.
            assertNothingLeft(Duration.ofSeconds(15), null);
        }
    }

    private static List<String> newSessions(List<String> lingering) {
        return lingering == null ? List.of() : SSHD.sessions().stream().filter(line -> !lingering.contains(line)).toList();
    }

    private LoadctlProcesses.Child startLongSweep() throws IOException {
        return LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), "sweep",
                "--threads", "1", "--connections", "10", "--duration", "60s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString(),
                "--server-host", SSHD.host(), "--ssh-config", SSHD.sshConfig().toString());
    }

    private void awaitRemoteServer(LoadctlProcesses.Child loadctl) throws Exception {
        loadctl.awaitLine("iteration 1/1", Duration.ofSeconds(120));
        assertThat(servers()).as("the server runs under sshd; " + loadctl.output()).isNotEmpty();
        assertThat(wrappers()).as("its wrapper runs").isNotEmpty();
    }

    /** @param lingering sshd's sessions that may stay (made before); null: the connection itself may linger */
    private void assertNothingLeft(Duration limit, List<String> lingering) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while ((!servers().isEmpty() || !wrappers().isEmpty() || !newSessions(lingering).isEmpty()
                || !sshClients().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(servers()).as("the server").isEmpty();
        assertThat(wrappers()).as("its wrapper").isEmpty();
        assertThat(newSessions(lingering)).as("sshd's sessions").isEmpty();
        assertThat(sshClients()).as("ssh clients").isEmpty();
        assertThat(serverFolders()).as("the host's copies of the server's jars").isEmpty();
    }

    /**
     * The bundled server on this sandbox's port, wherever it runs: one whose wrapper is gone is no longer under
     * sshd.
     */
    private List<String> servers() throws IOException {
        return commandLines().stream().filter(line -> line.contains("TargetServer")
                && line.contains(" --port " + sandbox.port() + " ")).toList();
    }

    /** The server's wrapper on the host: a shell whose script says it started the server. */
    private static List<String> wrappers() throws IOException {
        return commandLines().stream()
                .filter(line -> line.contains("loadctl-server started") && !line.startsWith("ssh ")).toList();
    }

    /** ssh clients to the private sshd that carry a server's wrapper. */
    private static List<String> sshClients() throws IOException {
        return commandLines().stream().filter(line -> line.startsWith("ssh ") && line.contains("-p " + SSHD.port())
                && line.contains("loadctl-server")).toList();
    }

    /** Every running process's command line, from /proc: a wrapper's is longer than ProcessHandle gives. */
    private static List<String> commandLines() throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> ProcessHandle.of(Long.parseLong(dir.getFileName().toString()))
                            .filter(PrivateSshd::running).isPresent())
                    .map(dir -> {
                        try {
                            return Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
                        } catch (IOException | RuntimeException gone) {
                            return "";
                        }
                    }).toList();
        }
    }

    private static List<Path> serverFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("loadctl-server-")
                    && Files.isDirectory(f)).toList();
        }
    }
}
