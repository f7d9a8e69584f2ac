package dev.loadctl.cli;

import dev.loadctl.launch.PrivateSshd;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
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
 * Generator hosts from the command line, against the tests' own sshd on this machine: what ssh says when it
 * cannot log in (one line and its fix, exit 3, before any load), and SIGTERM mid-point (no wrk, no ssh
 * session, no server and no script left behind).
 */
class SshGeneratorsTest {

    @RegisterExtension
    static final PrivateSshd SSHD = new PrivateSshd();

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.killingWhatIsLeft();

    @Test
    void aHostSshCannotReachFailsBeforeAnyLoadWithSshsOwnLineAndAFix() throws IOException {
        SSHD.assumeAvailable();
        int closed = LoadctlProcesses.freePort();
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--duration", "1s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString(),
                "--generator-host", "root@127.0.0.1:" + closed, "--server-address", "127.0.0.1",
                "--ssh-config", SSHD.sshConfig().toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err().strip().lines()).as(run.err()).singleElement().asString()
                .contains("generator root@127.0.0.1:" + closed + ": ssh failed: ssh: connect to host 127.0.0.1 port "
                        + closed + ": Connection refused")
                .contains("check that sshd runs on the host");
        assertThat(sandbox.out()).doesNotExist();
    }

    @Test
    void aKeyTheHostRefusesFailsWithSshsOwnLine() throws IOException {
        SSHD.assumeAvailable();
        Path otherKey = sandbox.tmp().resolve("other_key");
        Files.writeString(otherKey, "");
        Path config = sandbox.tmp().resolve("ssh_config");
        // The private sshd's own config, but a key it does not know.
        Files.writeString(config, Files.readString(SSHD.sshConfig()).replace(SSHD.dir().resolve("client_key").toString(),
                otherKey.toString()));
        CliRun run = CliRun.of("doctor", "--threads", "1", "--connections", "10",
                "--port", Integer.toString(sandbox.port()), "--generator-host", SSHD.host(),
                "--server-address", "127.0.0.1", "--ssh-config", config.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("fail  generator " + SSHD.host() + " generator " + SSHD.host()
                + ": ssh failed: root@127.0.0.1: Permission denied (publickey")
                .contains("IdentityFile");
    }

    @Test
    void remoteGeneratorsNeedTheServerAddressGivenOutright() {
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--generator-host", "gen1",
                "--out", sandbox.out().toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--server-address");
    }

    @Test
    void sigtermMidPointStopsEveryRemoteWrkAndLeavesNothing() throws Exception {
        SSHD.assumeAvailable();
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), "sweep",
                "--threads", "1", "--connections", "50", "--duration", "30s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString(),
                "--generator-host", SSHD.host(), "--generator-host", SSHD.host(), "--server-address", "127.0.0.1",
                "--ssh-config", SSHD.sshConfig().toString())) {
            loadctl.awaitLine("iteration 1/1", Duration.ofSeconds(120));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (wrks().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(wrks()).as("both remote wrk processes run; " + loadctl.output()).hasSize(2);
            assertThat(SSHD.sessions()).isNotEmpty();

            loadctl.process.destroy();
            assertThat(loadctl.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(loadctl.process.exitValue()).as(loadctl.output()).isEqualTo(130);
        }
        assertThat(LoadctlProcesses.awaitNoneOn(sandbox.port(), Duration.ofSeconds(10)))
                .as("wrk or the server left on port " + sandbox.port()).isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!SSHD.sessions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(SSHD.sessions()).as("sshd's sessions").isEmpty();
        assertThat(sshClients()).as("ssh clients or masters").isEmpty();
        assertThat(scripts()).as("wrk scripts left in the host's temp folder").isEmpty();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.complete()).isFalse();
        assertThat(result.points()).isEmpty();
        assertThat(result.preflight()).anySatisfy(check -> assertThat(check.name())
                .isEqualTo("generator " + SSHD.host()));
    }

    private List<ProcessHandle> wrks() {
        return ProcessHandle.allProcesses().filter(PrivateSshd::running).filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains(":" + sandbox.port() + "/") && p.info().command().orElse("").endsWith("wrk");
        }).toList();
    }

    private static List<String> sshClients() {
        return ProcessHandle.allProcesses().filter(PrivateSshd::running)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains("ssh") && line.contains("-p " + SSHD.port())).toList();
    }

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("loadctl-script-")).toList();
        }
    }
}
