package dev.loadctl.cli;

import dev.loadctl.launch.Daemons;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Profile servers that leave the process tree, swept by loadctl as its own JVM: whatever they started is
 * gone when loadctl is done, with a cgroup where this machine allows one and without ({@code
 * LOADCTL_CGROUP=off}, the fallback every machine has). The servers are {@link Daemons}'.
 */
class SweepContainmentTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.killingWhatIsLeft();

    private Path profile(String mode) throws Exception {
        assumeTrue(Daemons.pythonPresent(), "skipped: no " + Daemons.PYTHON);
        Daemons.script(sandbox.tmp());
        return Files.writeString(sandbox.tmp().resolve(mode + ".yaml"), """
                description: a server that leaves the process tree (%s)
                server:
                  command: ["%s", "{profile_dir}/daemons.py", "%s", "--port", "{port}"]
                  ready-path: /health
                """.formatted(mode, Daemons.PYTHON, mode));
    }

    private static Map<String, String> env(boolean cgroup) {
        if (cgroup) {
            assumeTrue(Daemons.cgroupsWritable(), "skipped: cgroup v2 is not writable here (the fallback is tested)");
            return Map.of();
        }
        return Map.of("LOADCTL_CGROUP", "off");
    }

    private Run sweep(Path profile, boolean cgroup) throws Exception {
        Map<String, String> env = env(cgroup);
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), env,
                "sweep", "--profile", profile.toString(), "--threads", "1", "--connections", "10", "--duration", "1s",
                "--warmup", "0s", "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString())) {
            assertThat(loadctl.process.waitFor(120, TimeUnit.SECONDS)).as(loadctl.output()).isTrue();
            return new Run(loadctl.process.exitValue(), loadctl.output());
        }
    }

    private record Run(int exitCode, String output) {
    }

    /** Its first process exits at once: it used to be "exited before it was ready" and left listening. */
    @ParameterizedTest(name = "cgroup: {0}")
    @ValueSource(booleans = {true, false})
    void aServerThatDaemonizesIsMeasuredAndStopped(boolean cgroup) throws Exception {
        Run run = sweep(profile("daemon"), cgroup);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out())).points()).hasSize(1);
        assertThat(Daemons.awaitNoneOn(sandbox.port(), Duration.ofSeconds(5))).as("left running").isEmpty();
    }

    /** A setsid grandchild that ignores SIGTERM and holds the port used to outlive a successful sweep. */
    @ParameterizedTest(name = "cgroup: {0}")
    @ValueSource(booleans = {true, false})
    void aGrandchildThatIgnoresSigtermIsKilledAfterTheSweep(boolean cgroup) throws Exception {
        Run run = sweep(profile("grandchild"), cgroup);

        assertThat(run.exitCode()).as(run.output()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.complete()).isTrue();
        assertThat(run.output()).doesNotContain("could not be stopped");
        assertThat(Daemons.awaitNoneOn(sandbox.port(), Duration.ofSeconds(5))).as("left running").isEmpty();
    }

    /**
     * loadctl killed with SIGKILL: a profile's server that ignores SIGTERM (so {@code setpriv --pdeathsig TERM}
     * does not end it) is killed by the cgroup's watchdog once the grace period is over.
     */
    @Test
    void sigkillOfLoadctlStillEndsAServerThatIgnoresSigterm() throws Exception {
        Path profile = profile("stubborn");
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), env(true),
                "sweep", "--profile", profile.toString(), "--threads", "1", "--connections", "10", "--duration", "30s",
                "--warmup", "0s", "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString())) {
            loadctl.awaitLine("server ready", Duration.ofSeconds(60));
            assertThat(Daemons.on(sandbox.port())).as("the server").isNotEmpty();

            loadctl.process.destroyForcibly();
            assertThat(loadctl.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        // 10 s of grace after SIGTERM, then the cgroup is killed.
        assertThat(Daemons.awaitNoneOn(sandbox.port(), Duration.ofSeconds(30))).as("left running").isEmpty();
    }
}
