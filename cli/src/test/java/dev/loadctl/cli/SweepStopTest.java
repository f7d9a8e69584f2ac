package dev.loadctl.cli;

import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.launch.BundledTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Stopping loadctl from outside: SIGTERM (as Ctrl-C) and SIGKILL, on loadctl running as its own JVM. */
class SweepStopTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.killingWhatIsLeft();

    @Test
    void sigtermDuringTheSecondPointKeepsTheFirstAndLeavesNoProcess() throws Exception {
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), "sweep",
                "--threads", "1,2", "--connections", "100", "--duration", "3s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString())) {
            loadctl.awaitLine("[2/2] 2 threads: iteration 1/1", Duration.ofSeconds(60));
            Thread.sleep(500);
            loadctl.process.destroy();

            assertThat(loadctl.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = loadctl.output();
            assertThat(loadctl.process.exitValue()).as(output).isEqualTo(130);
            assertThat(output).contains("stopped: interrupted by a signal (Ctrl-C or SIGTERM); 1 of 2 points saved")
                    .contains("loadctl: interrupted by a signal (Ctrl-C or SIGTERM): 1 finished point(s) saved in");
        }
        assertThat(LoadctlProcesses.awaitNoneOn(sandbox.port(), Duration.ofSeconds(5)))
                .as("left on port " + sandbox.port()).isEmpty();

        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.complete()).isFalse();
        assertThat(result.stopReason()).isEqualTo("interrupted by a signal (Ctrl-C or SIGTERM)");
        assertThat(result.points()).extracting(Point::threads).containsExactly(1);
        assertThat(result.points().get(0).iterations()).singleElement()
                .satisfies(iteration -> assertThat(iteration.goodputPerSecond()).isPositive());
    }

    @Test
    void sigkillOfLoadctlStillEndsTheServer() throws Exception {
        ProcessHandle server;
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), "sweep",
                "--threads", "1", "--connections", "10", "--duration", "2s", "--warmup", "0s",
                "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString())) {
            loadctl.awaitLine("server ready", Duration.ofSeconds(60));
            Optional<ProcessHandle> found = loadctl.process.descendants()
                    .filter(process -> process.info().commandLine().orElse("").contains(BundledTarget.MAIN_CLASS))
                    .findFirst();
            assertThat(found).as("the bundled server under loadctl").isPresent();
            server = found.get();

            loadctl.process.destroyForcibly();
            assertThat(loadctl.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        // Its stdin pipe closed with loadctl, so the server exits on its own. (A running wrk ends after -d.)
        try {
            assertThat(server.onExit().completeOnTimeout(null, 15, TimeUnit.SECONDS).join())
                    .as("server %d still running 15 s after loadctl was killed", server.pid()).isNotNull();
        } finally {
            server.destroyForcibly();
        }
        assertThat(LoadctlProcesses.awaitNoneOn(sandbox.port(), Duration.ofSeconds(10))).as("wrk ends after its -d 2s")
                .isEqualTo(List.of());
    }

    /**
     * A profile's server does not watch its stdin; it is started through {@code setpriv --pdeathsig TERM},
     * so the kernel stops it when loadctl dies. Python's stdlib http.server stands in for such a server.
     */
    @Test
    void sigkillOfLoadctlStillEndsAProfilesServer() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "skipped: no /usr/bin/setpriv (util-linux)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "skipped: no /usr/bin/python3");
        Path profile = Files.writeString(sandbox.tmp().resolve("stdlib.yaml"), """
                description: Python's http.server, which ignores its stdin
                server:
                  command: ["/usr/bin/python3", "-m", "http.server", "{port}", "--bind", "{host}"]
                  ready-path: /
                """);
        ProcessHandle server;
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), "sweep",
                "--profile", profile.toString(), "--threads", "1", "--connections", "10", "--duration", "2s",
                "--warmup", "0s", "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString())) {
            loadctl.awaitLine("server ready", Duration.ofSeconds(60));
            server = loadctl.process.descendants()
                    .filter(process -> process.info().commandLine().orElse("").contains("http.server"))
                    .findFirst().orElseThrow();

            loadctl.process.destroyForcibly();
            assertThat(loadctl.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try {
            assertThat(server.onExit().completeOnTimeout(null, 15, TimeUnit.SECONDS).join())
                    .as("http.server %d still running 15 s after loadctl was killed", server.pid()).isNotNull();
        } finally {
            server.destroyForcibly();
        }
    }
}
