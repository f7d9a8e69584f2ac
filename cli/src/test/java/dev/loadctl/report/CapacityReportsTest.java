package dev.loadctl.report;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.report.CapacityReport.ThreadCapacity;
import dev.loadctl.result.CapacityProbe.Outcome;
import dev.loadctl.result.CapacityRules;
import dev.loadctl.result.CapacitySetup.ConnectionLimit;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static dev.loadctl.report.CapacityFixtures.Measured;
import static dev.loadctl.report.CapacityFixtures.loaded;
import static dev.loadctl.report.CapacityFixtures.saturating;
import static dev.loadctl.report.CapacityFixtures.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The capacity report from saved results: the verdict, the capacities, why each search stopped, the model. */
class CapacityReportsTest {

    private static final Map<Integer, Double> SCALING = Map.of(1, 12_000.0, 2, 23_000.0, 4, 31_000.0, 8, 33_000.0);

    @TempDir
    Path tmp;

    @Test
    void reachedAtTheFewestThreadsWhoseConfirmedCapacityMeetsTheTarget() {
        CapacityReport report = CapacityReports.of(loaded(search(List.of(1, 2, 4, 8), 20_000,
                saturating(SCALING::get))), Overrides.NONE);

        assertThat(report.verdict().reached()).isTrue();
        assertThat(report.verdict().threads()).isEqualTo(2);
        assertThat(report.verdict().headline()).matches("REACHED with 2 threads: capacity 23,0\\d\\d ± [\\d,]+ 2xx/s"
                + " at [\\d,]+ connections \\(p99 2\\d\\d ms\\)\\.");
        assertThat(report.threads()).extracting(ThreadCapacity::status).containsOnly(CapacityReport.CONFIRMED);
        assertThat(report.threads()).extracting(ThreadCapacity::meetsTarget).containsExactly(false, true, true, true);
        ThreadCapacity one = report.threads().get(0);
        assertThat(one.capacityPerSecond()).isBetween(11_900.0, 12_100.0);
        assertThat(one.iterations()).isEqualTo(3);
        assertThat(one.capacityErrorPerSecond()).isPositive();
        assertThat(one.stop().stop()).isEqualTo(Outcome.EDGE);
        assertThat(one.stop().cause()).isEqualTo(CapacityRules.QUEUEING);
        assertThat(one.stop().text()).startsWith("p99 over the SLA from queueing: p99 ");
        assertThat(report.probes()).filteredOn(CapacityReport.ProbeRow::chosen).hasSize(4)
                .allSatisfy(row -> assertThat(row.role()).isEqualTo("final"));
        assertThat(report.scalingModel().fitted()).isTrue();
        assertThat(report.scalingModel().summary().get(0))
                .startsWith("Universal Scalability Law fitted to the capacities (goodput within the SLA) at 1, 2, 4"
                        + " and 8 threads");
    }

    @Test
    void notReachedGivesTheBestCapacityAndWhyEachSearchStopped() {
        CapacityReport report = CapacityReports.of(loaded(search(List.of(1, 2, 4), 20_000,
                saturating(threads -> 6_000.0 + 3_000 * threads))), Overrides.NONE);

        assertThat(report.verdict().reached()).isFalse();
        assertThat(report.verdict().headline()).matches("NOT REACHED: the best capacity found was 18,\\d{3} ± [\\d,]+"
                + " 2xx/s with 4 threads at [\\d,]+ connections \\(p99 \\d+ ms\\), 9\\d% of the 20,000 req/s"
                + " target\\.");
        assertThat(report.verdict().reasons()).extracting(CapacityReport.Reason::threads).containsExactly(1, 2, 4);
        assertThat(report.verdict().reasons().get(0).text()).startsWith("1 thread: capacity 9,")
                .contains("p99 over the SLA from queueing");
        assertThat(report.scalingModel().fitted()).isTrue();
        // The --target-rps override changes the verdict, not the search.
        CapacityReport lower = CapacityReports.of(loaded(search(List.of(1, 2, 4), 20_000,
                saturating(threads -> 6_000.0 + 3_000 * threads))), new Overrides(15_000.0, null, null));
        assertThat(lower.verdict().headline()).startsWith("REACHED with 4 threads");
        assertThat(lower.notes()).anyMatch(note -> note.startsWith("target 15,000 req/s from --target-rps"));
    }

    @Test
    void noLoadThatMeetsTheSlaIsNotReachedWithoutACapacityAndWithoutAModel() {
        SweepResult result = search(List.of(1, 2), 2_000, (threads, connections) ->
                new Measured(connections / 0.216, 201, 1_000, 0, 0.2, 0.1));
        CapacityReport report = CapacityReports.of(loaded(result), Overrides.NONE);

        assertThat(report.verdict().headline()).isEqualTo("NOT REACHED: no load met the SLA (p99 within 250 ms,"
                + " errors at most 0.10%) at 1 and 2 threads.");
        assertThat(report.verdict().reasons()).extracting(CapacityReport.Reason::cause)
                .containsExactly(CapacityRules.LATENCY, CapacityRules.LATENCY);
        assertThat(report.verdict().reasons().get(0).text()).startsWith("1 thread: no load met the SLA, down to 224"
                + " connections: p99 1,000 ms over the 250 ms SLA");
        assertThat(report.threads()).extracting(ThreadCapacity::status).containsOnly(CapacityReport.NONE);
        assertThat(report.scalingModel().fitted()).isFalse();
        assertThat(report.scalingModel().summary().get(0)).contains("the model does not describe these points");
        assertThat(CapacityCharts.draw(report)).extracting(CapacityCharts.Drawn::fileStem)
                .containsExactly("capacity", "latency-goodput-1-thread", "latency-goodput-2-threads");
    }

    @Test
    void aConfirmationShowsItsOwnVerdictAndThePooledOneTheSearchWentBy() throws Exception {
        // 2,000/s at most at one thread; the first probe at 440 connections fails by a long tail (400 ms), the
        // confirmation there passes on its own (230 ms), and the two pooled fail: the search stops at that edge.
        int[] seen440 = {0};
        SweepResult result = search(List.of(1), 2_000, new ConnectionLimit(19_989, ConnectionLimit.OPEN_FILES, "x"),
                (threads, connections) -> connections == 440 && seen440[0]++ == 0
                        ? new Measured(2_000, 205, 400, 0, 0.5, 0.2)
                        : new Measured(Math.min(connections / 0.2, 2_200), 201, connections <= 440 ? 230 : 600, 0,
                        0.5, 0.2), Integer.MAX_VALUE);
        CapacityReport report = CapacityReports.of(loaded(result), Overrides.NONE);

        CapacityReport.ProbeRow confirm = report.probes().stream().filter(row -> row.role().equals("confirm"))
                .findFirst().orElseThrow();
        assertThat(confirm.passed()).isTrue();
        assertThat(confirm.pooled().passed()).isFalse();
        assertThat(CapacityFormats.text(report)).contains("pass; 2 runs pooled: FAIL (p99 3");
        assertThat(CapacityFormats.csv(report).lines().filter(line -> line.startsWith("index,")).findFirst()
                .orElseThrow()).endsWith(",decision,pooled_passed,pooled_latency_p99_ms");
        // Every other point was judged alone.
        assertThat(report.probes().stream().filter(row -> !row.role().equals("confirm")))
                .allSatisfy(row -> assertThat(row.pooled()).isNull());
        // The saved file reads back with it.
        Path file = tmp.resolve("result.json");
        ResultStore.writeSweep(file, result);
        assertThat(ResultStore.readSweep(file).points()).anySatisfy(point ->
                assertThat(point.capacity().pooled()).isNotNull());
    }

    @Test
    void aPoorFitOrCapacitiesAtTheConnectionLimitGiveNoPrediction() {
        CapacityReport erratic = CapacityReports.of(loaded(search(List.of(1, 2, 4, 8), 20_000,
                saturating(Map.of(1, 20_000.0, 2, 8_000.0, 4, 22_000.0, 8, 7_000.0)::get))), Overrides.NONE);
        assertThat(erratic.scalingModel().fitted()).isFalse();
        assertThat(erratic.scalingModel().summary().get(0)).contains("the model does not describe these points",
                "R^2 = ");

        CapacityReport limited = CapacityReports.of(loaded(search(List.of(1, 2, 4), 2_000,
                new ConnectionLimit(700, ConnectionLimit.MAX_CONNECTIONS, "--max-connections 700"),
                saturating(threads -> 24_000.0), Integer.MAX_VALUE)), Overrides.NONE);
        assertThat(limited.threads()).extracting(row -> row.stop().stop()).containsOnly(Outcome.CONNECTION_LIMIT);
        assertThat(limited.scalingModel().summary().get(0)).contains("every capacity sits at the Little's-law ceiling"
                + " of the connection limit (700 connections / 200 ms = 3,500 req/s)");
        assertThat(limited.verdict().headline()).startsWith("REACHED with 1 thread: capacity 3,5");
    }

    @Test
    void anInterruptedSearchSaysWhatWasNotSearchedAndKeepsTheBestProbeUnconfirmed() {
        SweepResult result = search(List.of(1, 2), 20_000, new ConnectionLimit(19_989, ConnectionLimit.OPEN_FILES,
                "x"), saturating(threads -> 24_000.0), 3);
        CapacityReport report = CapacityReports.of(loaded(result), Overrides.NONE);

        assertThat(report.complete()).isFalse();
        assertThat(report.completeness()).startsWith("incomplete: interrupted by a signal");
        assertThat(report.threads()).extracting(ThreadCapacity::status)
                .containsExactly(CapacityReport.UNCONFIRMED, CapacityReport.NOT_SEARCHED);
        assertThat(report.verdict().headline()).startsWith("NOT REACHED: the best capacity found was 24,000 2xx/s"
                + " with 1 thread at ").contains("in one probe, which no final measurement confirmed; 120% of the");
        assertThat(report.threads().get(0).stop().stop()).isEqualTo(CapacityReports.INCOMPLETE);
        assertThat(report.threads().get(1).stop().text()).startsWith("not searched: the search stopped before it"
                + " reached 2 threads (interrupted");
    }

    @Test
    void aProbeThatCouldNotBeMeasuredIsWhyItsThreadCountStopped() {
        SweepResult one = search(List.of(1), 2_000, saturating(threads -> 24_000.0));
        SweepResult both = search(List.of(1, 2), 2_000, saturating(threads -> 24_000.0));
        SweepResult failed = new SweepResult(both.schemaVersion(), both.kind(), both.loadctlVersion(), both.profile(),
                both.startedAt(), both.finishedAt(), true, null, both.parameters(), null, null, List.of(), one.points(),
                List.of(new SweepResult.PointFailure(null, 440, 2, "the target server exited with status 1")),
                both.capacity());
        CapacityReport report = CapacityReports.of(loaded(failed), Overrides.NONE);

        assertThat(report.threads().get(1).status()).isEqualTo(CapacityReport.NONE);
        assertThat(report.threads().get(1).stop().stop()).isEqualTo(Outcome.PROBE_FAILED);
        assertThat(report.threads().get(1).stop().text()).isEqualTo("the probe at 440 connections could not be"
                + " measured: the target server exited with status 1");
    }

    @Test
    void everyFormatPutsTheVerdictFirstAndTheHtmlEmbedsTheCharts() throws Exception {
        SweepResult result = search(List.of(1, 2, 4, 8), 20_000, saturating(SCALING::get));
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path file = dir.resolve("result.json");
        ResultStore.writeSweep(file, result);

        java.io.StringWriter out = new java.io.StringWriter();
        Reporter.Outcome outcome = Reporter.run(new Reporter.Request(List.of(dir), EnumSet.allOf(
                ReportFormats.Kind.class), false, null, Overrides.NONE), new java.io.PrintWriter(out),
                new java.io.PrintWriter(new java.io.StringWriter()));

        assertThat(out.toString()).startsWith("REACHED with 2 threads: capacity ");
        assertThat(outcome.files()).extracting(path -> path.getFileName().toString()).contains("report.csv",
                "report.json", "index.html", "capacity.png", "capacity.svg", "latency-goodput-8-threads.svg");
        assertThat(Files.readString(dir.resolve("report.csv"))).startsWith("# loadctl capacity report: default")
                .contains("\nindex,threads,connections,role,step,");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("<h2>REACHED with 2 threads",
                "data:image/png;base64,", "<h2>Probes</h2>");
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"kind\" : \"capacity\"",
                "\"status\" : \"REACHED\"");
    }

    @Test
    void theCapacityChartUsesALog2AxisForPowersOfTwoAndMarksEveryKindOfProbe() {
        CapacityReport report = CapacityReports.of(loaded(search(List.of(1, 2, 4, 8), 20_000,
                saturating(SCALING::get))), Overrides.NONE);
        List<CapacityCharts.Drawn> charts = CapacityCharts.draw(report);

        Map<String, XYSeries> capacity = charts.get(0).chart().getSeriesMap();
        assertThat(charts.get(0).chart().getXAxisTitle()).isEqualTo("server threads (log2 scale)");
        assertThat(capacity.get("capacity (final runs, 99.9% CI)").getXData()).containsExactly(0.0, 1.0, 2.0, 3.0);
        // The axis ends at 1 and 8 threads: XChart draws no tick labels when both ends' labels are alike.
        assertThat(charts.get(0).chart().getStyler().getXAxisMin()).isEqualTo(0.0);
        assertThat(charts.get(0).chart().getStyler().getXAxisMax()).isEqualTo(3.0);
        assertThat(capacity).containsKeys("target 20,000/s", "USL fit to the capacities");
        Map<String, XYSeries> latency = charts.get(1).chart().getSeriesMap();
        assertThat(latency).containsKeys("p99, met the SLA", "p99, failed the SLA", "p50", "p99 SLA 250 ms");
        assertThat(latency.keySet()).anyMatch(name -> name.startsWith("capacity: 12,"));
        assertThat(charts.get(1).png()).isNotEmpty();
        assertThat(new String(charts.get(1).svg(), java.nio.charset.StandardCharsets.UTF_8)).contains("<svg");
    }

    @Test
    void theReportSaysHowLongAFreshServerWarmedAndAResultThatDidNotRecordItStillReads() throws Exception {
        SweepResult result = search(List.of(1), 2_000, saturating(threads -> 24_000.0));
        Path dir = Files.createDirectories(tmp.resolve("warmed"));
        ResultStore.writeSweep(dir.resolve("result.json"), result);
        assertThat(CapacityReports.of(loaded(result), Overrides.NONE).parameters().serverWarmupSeconds())
                .isEqualTo(15.0);
        assertThat(report(dir)).contains("a fresh server warmed 15 s at each thread count; probes 1 s warm-up");

        // Written before the field existed: the key is absent, the run is still reported, without the clause.
        String json = Files.readString(dir.resolve("result.json"));
        assertThat(json).contains("\"serverWarmupSeconds\" : 15.0");
        Path old = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(old.resolve("result.json"), json.replace("\"serverWarmupSeconds\" : 15.0,", ""));
        assertThat(report(old)).contains("Runs").contains("probes 1 s warm-up").doesNotContain("fresh server warmed");
    }

    private static String report(Path dir) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Reporter.Outcome outcome = Reporter.run(new Reporter.Request(List.of(dir), EnumSet.of(
                ReportFormats.Kind.TEXT), false, null, Overrides.NONE), new java.io.PrintWriter(out),
                new java.io.PrintWriter(err));
        assertThat(outcome).as(err.toString()).isNotNull();
        return out.toString();
    }

    @Test
    void aCapacityResultIsReportedOnItsOwnAndNeedsItsSettings() throws Exception {
        SweepResult result = search(List.of(1), 2_000, saturating(threads -> 24_000.0));
        Path file = tmp.resolve("result.json");
        ResultStore.writeSweep(file, result);
        assertThatThrownBy(() -> ReportInputs.load(List.of(file, file), Overrides.NONE))
                .isInstanceOf(LoadctlException.class).hasMessageContaining("is a capacity: report it on its own");

        SweepResult without = new SweepResult(result.schemaVersion(), result.kind(), result.loadctlVersion(),
                result.profile(), result.startedAt(), result.finishedAt(), result.complete(), result.stopReason(),
                result.parameters(), null, null, List.of(), result.points(), List.of());
        assertThatThrownBy(() -> CapacityReports.of(loaded(without), Overrides.NONE))
                .isInstanceOf(LoadctlException.class)
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT));
    }
}
