package dev.loadctl.cli;

import dev.loadctl.report.BenchReport;
import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReports;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM (as Ctrl-C) to a bench running as its own JVM: the same guarantees as a sweep's. */
class BenchStopTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.killingWhatIsLeft();

    @Test
    void sigtermDuringTheSecondRunKeepsTheFirstAndLeavesNoProcess() throws Exception {
        Path profile = Files.writeString(sandbox.tmp().resolve("twice.yaml"), """
                description: the bundled server twice
                sweep:
                  duration: 3s
                  warmup: 0s
                bench:
                  connections: [50]
                  targets:
                    - name: first
                      profile: default
                      threads: [1]
                    - name: second
                      profile: default
                      threads: [1]
                """);
        try (LoadctlProcesses.Child loadctl = LoadctlProcesses.start(sandbox.tmp().resolve("loadctl.out"), "bench",
                "--profile", profile.toString(), "--port", Integer.toString(sandbox.port()),
                "--out", sandbox.out().toString())) {
            loadctl.awaitLine("second -c50, 1 thread: iteration 1/1", Duration.ofSeconds(60));
            Thread.sleep(500);
            loadctl.process.destroy();

            assertThat(loadctl.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = loadctl.output();
            assertThat(loadctl.process.exitValue()).as(output).isEqualTo(130);
            assertThat(output).contains("stopped: interrupted by a signal (Ctrl-C or SIGTERM); 1 points saved")
                    .contains("loadctl: interrupted by a signal (Ctrl-C or SIGTERM): 1 finished point(s) saved in");
        }
        assertThat(LoadctlProcesses.awaitNoneOn(sandbox.port(), Duration.ofSeconds(5)))
                .as("left on port " + sandbox.port()).isEmpty();

        Path folder;
        try (Stream<Path> folders = Files.list(sandbox.out())) {
            folder = folders.filter(path -> Files.isDirectory(path) && !Files.isSymbolicLink(path)).findFirst()
                    .orElseThrow();
        }
        SweepResult result = ResultStore.readSweep(folder.resolve("result.json"));
        BenchReport bench = BenchReports.of(result);
        assertThat(bench.complete()).isFalse();
        assertThat(bench.stopReason()).isEqualTo("interrupted by a signal (Ctrl-C or SIGTERM)");
        assertThat(bench.runs()).extracting(Run::target, Run::complete, Run::stopReason).containsExactly(
                Tuple.tuple("first", true, null),
                Tuple.tuple("second", false, "interrupted by a signal (Ctrl-C or SIGTERM)"));
        assertThat(bench.runs().get(0).points()).singleElement()
                .satisfies(point -> assertThat(point.goodputPerSecond()).isPositive());
        assertThat(bench.runs().get(1).points()).isEmpty();
        assertThat(result.points()).extracting(SweepResult.Point::target).containsExactly("first");
        CliRun markdown = CliRun.of("report", folder.toString(), "--markdown");
        assertThat(markdown.out()).contains("**Incomplete:** interrupted by a signal");
    }
}
