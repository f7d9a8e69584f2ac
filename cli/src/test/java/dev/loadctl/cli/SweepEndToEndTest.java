package dev.loadctl.cli;

import dev.loadctl.Version;
import dev.loadctl.preflight.ProcFs;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real sweeps: the bundled server as its own JVM, real wrk, real /proc. Small numbers (1–2 points, a
 * few seconds each) so the whole class stays short.
 */
class SweepEndToEndTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.assertingNothingLeft();

    @Test
    void aRealSweepWritesEveryPointWithCpuAndEnvironment() throws Exception {
        CliRun run = CliRun.of("sweep", "--threads", "1,2", "--connections", "400", "--duration", "3s",
                "--warmup", "1s", "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path file = LoadctlProcesses.resultOf(sandbox.out());
        assertThat(Files.isSymbolicLink(sandbox.out().resolve("latest"))).isTrue();
        SweepResult result = ResultStore.readSweep(file);

        assertThat(result.complete()).isTrue();
        assertThat(result.stopReason()).isNull();
        assertThat(result.finishedAt()).isNotNull();
        assertThat(result.profile()).isEqualTo("default");
        assertThat(result.parameters()).satisfies(parameters -> {
            assertThat(parameters.threads()).containsExactly(1, 2);
            assertThat(parameters.connections()).isEqualTo(400);
            assertThat(parameters.durationSeconds()).isEqualTo(3);
            assertThat(parameters.warmupSeconds()).isEqualTo(1);
            assertThat(parameters.target()).isEqualTo("bundled");
            assertThat(parameters.url()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/ping/");
            assertThat(parameters.littlesLawCeilingPerSecond()).isEqualTo(2000);
        });
        assertThat(result.points()).extracting(Point::threads).containsExactly(1, 2);
        for (Point point : result.points()) {
            assertThat(point.wrkThreads()).isEqualTo(point.threads());
            assertThat(point.iterations()).singleElement().satisfies(iteration -> assertIteration(iteration, point));
            assertThat(point.stats().goodputPerSecond().n()).isEqualTo(1);
            assertThat(point.littlesLawCeilingPerSecond()).isEqualTo(2000);
            assertThat(point.efficiency()).isBetween(0.05, 1.05);
        }
        assertThat(result.environment()).satisfies(environment -> {
            assertThat(environment.wrkVersion()).startsWith("wrk ");
            assertThat(environment.loadctlVersion()).isEqualTo(Version.get());
            assertThat(environment.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(environment.kernel()).isEqualTo(System.getProperty("os.version"));
            assertThat(environment.java()).contains(System.getProperty("java.runtime.version"));
            assertThat(environment.openFilesHard()).isPositive();
            assertThat(environment.somaxconn()).isEqualTo(ProcFs.system().sysctlInt("net.core.somaxconn").orElseThrow());
            assertThat(environment.ephemeralPortRange()).matches("\\d+-\\d+");
            assertThat(environment.hostname()).isNotBlank();
        });
        assertThat(result.preflight()).extracting(SweepResult.PreflightCheck::name)
                .contains("wrk", "open files", "listen backlog", "cores", "port");

        assertThat(run.out()).contains("[1/2] 1 thread: goodput ").contains("[2/2] 2 threads: goodput ")
                .containsPattern("(?m)^ +2 +2 +[\\d,]+/s ")
                .contains("complete: 2 points in " + file.toRealPath().getParent());
    }

    private void assertIteration(WrkResult iteration, Point point) {
        assertThat(iteration.rawOutput()).contains("Running 3s test @ http://127.0.0.1:" + sandbox.port() + "/ping/");
        assertThat(iteration.threads()).isEqualTo(point.threads());
        assertThat(iteration.serverThreads()).isEqualTo(point.threads());
        assertThat(iteration.connections()).isEqualTo(400);
        assertThat(iteration.statusCodes()).containsOnlyKeys("200");
        assertThat(iteration.goodputPerSecond()).isPositive().isLessThanOrEqualTo(2000 * 1.05);
        // A 200 ms handler: the median lands between 200 and 400 ms even on a busy machine.
        assertThat(iteration.latencyMs().p50()).isBetween(200.0, 400.0);
        assertThat(iteration.cpu()).satisfies(cpu -> {
            assertThat(cpu.serverCores()).isPositive();
            assertThat(cpu.wrkCores()).isPositive();
            assertThat(cpu.loadctlCores()).isLessThan(0.5);
            assertThat(cpu.wrkThreads()).isEqualTo(point.threads());
            assertThat(cpu.machineCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        });
    }

    @Test
    void aSweepOfTheBundledServerRecordsItsOwnLatencyOverTheMeasuredWindow() throws Exception {
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "50", "--duration", "2s",
                "--warmup", "1s", "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        WrkResult iteration = result.points().get(0).iterations().get(0);
        assertThat(iteration.serverLatencyMs()).satisfies(server -> {
            // The handler waits 200 ms; what the server measures is that plus its own dispatch, not the queues.
            assertThat(server.p99()).isBetween(200.0, 400.0);
            assertThat(server.p50()).isBetween(200.0, 400.0).isLessThanOrEqualTo(server.p99());
            assertThat(server.max()).isGreaterThanOrEqualTo(server.p99());
            // The window is the measured run: the warm-up's ~250 responses are not in it; the warm-up's last
            // in-flight requests (at most one per connection) may be.
            assertThat(server.requests()).isPositive()
                    .isBetween(iteration.requests() - 2 * 50L, iteration.requests() + 2 * 50L);
        });
    }

    @Test
    void aTargetThatNeverGetsReadyStopsTheSweepWithItsLastOutput() throws Exception {
        Path profile = Files.writeString(sandbox.tmp().resolve("broken.yaml"), """
                description: a server that dies at once
                sweep:
                  threads: [1, 2]
                  connections: 10
                  duration: 1s
                  warmup: 0s
                server:
                  command: ["/bin/sh", "-c", "echo listening on {port}, not really; echo giving up >&2; exit 7"]
                """);
        CliRun run = CliRun.of("sweep", "--profile", profile.toString(), "--port", Integer.toString(sandbox.port()),
                "--out", sandbox.out().toString());

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).startsWith("loadctl: the target server exited with status 7 before it was ready")
                .contains("its last output:\n    listening on " + sandbox.port() + ", not really\n    giving up");
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.complete()).isFalse();
        assertThat(result.points()).isEmpty();
        assertThat(result.stopReason()).startsWith("the target server exited with status 7").contains("giving up");
        assertThat(run.out()).contains("stopped by the error below; 0 of 2 points saved in")
                .doesNotContain("its last output:;");
        assertThat(run.err()).containsOnlyOnce("exited with status 7");
        assertThat(sandbox.out().resolve("latest")).as("a sweep with no point leaves latest alone").doesNotExist();
    }
}
