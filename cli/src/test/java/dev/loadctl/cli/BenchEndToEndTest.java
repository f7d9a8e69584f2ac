package dev.loadctl.cli;

import dev.loadctl.report.BenchReport;
import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReports;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.BenchSetup.TargetStatus;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real bench, tiny: the bundled server and nginx-echo at 1 thread, -c200, 1 s warm-up + 2 s each, and a
 * third target whose server this machine lacks, which is skipped with its fix.
 */
class BenchEndToEndTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @RegisterExtension
    final NginxProcesses.Guard guard = new NginxProcesses.Guard();

    @Test
    void twoTargetsAndOneSkippedGiveSubSweepsASummaryRatiosGoalsAndATable() throws Exception {
        Files.writeString(guard.tmp().resolve("moon.yaml"), """
                description: a server this machine lacks
                server:
                  command: ["/bin/true"]
                requires:
                  - name: the moon server
                    command: ["/bin/false"]
                    fix: "apt-get install moon-server"
                """);
        Path profile = Files.writeString(guard.tmp().resolve("tiny-bench.yaml"), """
                description: two targets and one that is missing
                sweep:
                  duration: 2s
                  warmup: 1s
                bench:
                  connections: [200]
                  targets:
                    - name: bundled
                      profile: default
                      threads: [1]
                    - name: nginx-echo
                      profile: nginx-echo
                      threads: [1]
                    - name: moon
                      profile: %s
                      threads: [1]
                  goals:
                    - name: both serve
                      peer: nginx-echo
                      min-goodput-ratio: 0.01
                    - name: vs the moon
                      peer: moon
                      min-goodput-ratio: 1
                    - name: starts at all
                      max-first-2xx: 60s
                """.formatted(guard.tmp().resolve("moon.yaml")));

        CliRun run = CliRun.of("bench", "--profile", profile.toString(), "--port", Integer.toString(guard.port()),
                "--out", guard.out().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path folder;
        try (Stream<Path> folders = Files.list(guard.out())) {
            folder = folders.filter(path -> Files.isDirectory(path) && !Files.isSymbolicLink(path)).findFirst()
                    .orElseThrow();
        }
        assertThat(folder.getFileName().toString()).matches("\\d{8}-\\d{6}-tiny-bench");
        SweepResult result = ResultStore.readSweep(folder.resolve("result.json"));
        assertThat(result.kind()).isEqualTo(SweepResult.KIND_BENCH);
        BenchReport bench = BenchReports.of(result);

        assertThat(bench.complete()).isTrue();
        assertThat(bench.stopReason()).isNull();
        assertThat(bench.parameters()).satisfies(parameters -> {
            assertThat(parameters.connections()).containsExactly(200);
            assertThat(parameters.durationSeconds()).isEqualTo(2);
            assertThat(parameters.warmupSeconds()).isEqualTo(1);
            assertThat(parameters.wrkThreads()).isEqualTo(CORES);
            assertThat(parameters.wrkThreadsRule()).contains("the machine's cores");
            assertThat(parameters.subject()).isEqualTo("bundled");
        });
        assertThat(bench.environment().wrkVersion()).startsWith("wrk ");
        assertThat(bench.targets()).extracting(TargetStatus::name, TargetStatus::status).containsExactly(
                Tuple.tuple("bundled", BenchSetup.MEASURED), Tuple.tuple("nginx-echo", BenchSetup.MEASURED),
                Tuple.tuple("moon", BenchSetup.SKIPPED));
        assertThat(bench.targets().get(2).reason()).isEqualTo("the moon server missing");
        assertThat(bench.targets().get(2).fix()).isEqualTo("apt-get install moon-server");

        assertThat(bench.runs()).extracting(Run::target, Run::connections, Run::complete)
                .containsExactly(Tuple.tuple("bundled", 200, true), Tuple.tuple("nginx-echo", 200, true));
        assertThat(result.parameters().durationSeconds()).as("the bench's, not the profile's 30 s").isEqualTo(2);
        for (Run summary : bench.runs()) {
            List<SweepResult.Point> points = result.points().stream()
                    .filter(p -> p.target().equals(summary.target())).toList();
            assertThat(points).hasSize(1);
            SweepResult.Point point = points.get(0);
            assertThat(point.connections()).isEqualTo(200);
            assertThat(point.wrkThreads()).as("same wrk -t for every target").isEqualTo(CORES);
            assertThat(point.startUp().first2xxMs()).isGreaterThanOrEqualTo(point.startUp().readyMs());
            assertThat(point.iterations()).singleElement().satisfies(iteration -> {
                assertThat(iteration.statusCodes()).containsOnlyKeys("200");
                assertThat(iteration.goodputPerSecond()).isPositive();
                assertThat(iteration.threads()).isEqualTo(CORES);
            });
            assertThat(summary.points()).singleElement().satisfies(row -> {
                assertThat(row.threads()).isEqualTo(1);
                assertThat(row.goodputPerSecond()).isEqualTo(point.iterations().get(0).goodputPerSecond());
                assertThat(row.latencyP99Ms()).isEqualTo(point.iterations().get(0).latencyMs().p99());
                assertThat(row.first2xxMs()).isEqualTo(point.startUp().first2xxMs());
                assertThat(row.loadctlCores()).isEqualTo(point.iterations().get(0).cpu().loadctlCores());
                assertThat(row.errors()).isZero();
            });
        }

        RunGoodput bundled = RunGoodput.of(bench, "bundled");
        RunGoodput nginx = RunGoodput.of(bench, "nginx-echo");
        assertThat(bench.comparisons()).singleElement().satisfies(comparison -> {
            assertThat(comparison.connections()).isEqualTo(200);
            assertThat(comparison.threads()).isEqualTo(1);
            assertThat(comparison.peer()).isEqualTo("nginx-echo");
            assertThat(comparison.goodputRatio()).isCloseTo(bundled.goodput / nginx.goodput, within(0.001));
            assertThat(comparison.p99Ratio()).isCloseTo(bundled.p99 / nginx.p99, within(0.001));
        });
        assertThat(bench.goals()).extracting(BenchReport.GoalCheck::name, BenchReport.GoalCheck::status)
                .containsExactly(Tuple.tuple("both serve", BenchReport.MET),
                        Tuple.tuple("vs the moon", BenchReport.NOT_MEASURED),
                        Tuple.tuple("starts at all", BenchReport.MET));
        assertThat(bench.goals().get(1).detail()).containsExactly("-c200, 1 thread: no moon point to compare with");

        String ratio = String.format(java.util.Locale.ROOT, "%.2fx", bench.comparisons().get(0).goodputRatio());
        assertThat(run.out())
                .contains("skipped moon: the moon server missing; install: apt-get install moon-server"
                        + " (the bench goes on without it)")
                .contains("bundled -c200, 1 thread: iteration 1/1", "nginx-echo -c200, 1 thread: iteration 1/1")
                .contains("bundled/target goodput", "bundled/target p99")
                .containsPattern("(?m)^ *200 +1 +nginx-echo +[\\d,]+ .* " + ratio.replace(".", "\\.") + " +[\\d.]+x$")
                .containsPattern("(?m)^ *200 +1 +bundled +[\\d,]+ .* - +-$")
                .containsPattern("(?m)^  met +both serve: goodput >= 0.01x nginx-echo's")
                .containsPattern("(?m)^  not measured +vs the moon: ")
                .contains("goals: 2 of 3 met; not measured: vs the moon")
                .contains("complete: 2 points in " + folder.resolve("result.json"));
        CliRun markdown = CliRun.of("report", folder.toString(), "--markdown");
        assertThat(markdown.exitCode()).as(markdown.err()).isZero();
        assertThat(markdown.out())
                .contains("| -c | threads | target | goodput/s |")
                .contains("| bundled/target goodput | bundled/target p99 |")
                .containsPattern("\\| 200 \\| 1 \\| nginx-echo \\| [\\d,]+ \\|.*\\| " + ratio.replace(".", "\\.") + " \\|")
                .contains("skipped moon: the moon server missing")
                .contains("- **not measured**: vs the moon");
    }

    /** The subject's or a peer's only point, from the summary. */
    private record RunGoodput(double goodput, double p99) {
        static RunGoodput of(BenchReport bench, String target) {
            BenchReport.RunPoint point = bench.runs().stream().filter(run -> run.target().equals(target))
                    .findFirst().orElseThrow().points().get(0);
            return new RunGoodput(point.goodputPerSecond(), point.latencyP99Ms());
        }
    }
}
