package dev.loadctl.cli;

import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PreflightCheck;
import dev.loadctl.result.SweepResult.SweepParameters;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;
import dev.loadctl.engine.PointSummary;
import dev.loadctl.engine.LoadShape;
import dev.loadctl.engine.Phase;
import dev.loadctl.engine.Probe;
import dev.loadctl.engine.PlanOutline;
import dev.loadctl.wrk.Fixtures;
import dev.loadctl.wrk.WrkOutputParser;
import dev.loadctl.result.ResultStore;
import dev.loadctl.report.Overrides;
import dev.loadctl.report.ReportFormats;
import dev.loadctl.report.Reporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SweepConsoleTest {

    private static final SweepParameters PARAMETERS = new SweepParameters(List.of(1, 2), 20000, 30, 5, 1, null,
            20000, 250, 200, 2, "bundled", "http://127.0.0.1:8000/ping/", true);
    private static final LoadShape LOAD = new LoadShape("http://127.0.0.1:8000/ping/", 20000, 1,
            Duration.ofSeconds(30), Duration.ofSeconds(5), 1, Duration.ofSeconds(2), true);
    private static final Probe ONE = new Probe(null, null, 1, LOAD, "127.0.0.1", 8000, Duration.ofSeconds(30));
    private static final Probe TWO = new Probe(null, null, 2, LOAD, "127.0.0.1", 8000, Duration.ofSeconds(30));
    private static final PlanOutline PLAN = new PlanOutline("sweep", "default", List.of(ONE, TWO),
            Duration.ofSeconds(2));
    @TempDir
    Path temp;
    private Path file;

    /** Where the sweep saved its result: the console reads its verdict back from there. */
    @BeforeEach
    void resultFile() {
        file = temp.resolve("reports/20250101-000000-default/result.json");
    }

    @Test
    void plainLinesShowStepsTimesFiguresAndTheFinalTable() {
        StringWriter text = new StringWriter();
        SweepConsole console = SweepConsole.create(new PrintWriter(text), false);
        play(console);

        assertThat(text.toString())
                .contains("preflight warn: open files: at most ~19,744\n    fix: ulimit -n 20256\n")
                .contains("preflight: 1 ok, 1 warn\n")
                .contains("sweep 'default': threads 1,2, 20,000 connections, 5s warm-up + 1 x 30s per point,"
                        + " about 1:14 in all")
                .containsPattern("\\[1/2] 1 thread: starting the server +\\[0:00 elapsed, ~1:1\\d left]")
                .contains("[1/2] 1 thread: server ready in 0.80 s, first 2xx at 1.02 s\n")
                .contains("[2/2] 2 threads: server ready in 0.75 s, no 2xx from GET http://127.0.0.1:8000/ping/"
                        + " within 10 s of being ready (last: HTTP 404)\n")
                .contains("[1/2] 1 thread: iteration 1/1, 30s")
                .contains("[1/2] 1 thread: goodput 0/s (0% of the 100,000/s ceiling)  p50 n/a  p99 n/a"
                        + "  errors 100%  CPU server 0.90, wrk 0.95 cores")
                .contains("      ! wrk was saturated (it used 0.95 of the 1 cores it can use): the numbers there"
                        + " are a lower bound, the load generator and not the server may be the limit\n")
                .containsPattern("(?m)^ +1 +1 +0/s +1,770/s +n/a +n/a +100% +0.90 +0.95 +0%  wrk saturated")
                .contains("Little's law ceiling: 20,000 connections / 200 ms = 100,000/s; target 20,000/s")
                .contains("stopped: interrupted by a signal (Ctrl-C or SIGTERM); 1 of 2 points saved in " + file)
                .doesNotContain("\r");
        // The summary ends with the report's verdict on the saved file, in the report's words.
        assertThat(text.toString()).endsWith("\nNOT REACHED: no measured thread count (1 thread) served 20,000/s"
                + " of timely 2xx with p99 within 250 ms and at most 0.10% errors.\n"
                + "  - every response was an error at 1 thread: 53,179 responses and not one timely 2xx (53,179 had"
                + " status 400 or above; 49,405 requests timed out)\n"
                + "  - wrk was saturated at 1 thread (it used all the CPU its threads can): the numbers there are a"
                + " lower bound, the load generator and not the server may be the limit\n"
                + "  - the sweep is incomplete (interrupted by a signal (Ctrl-C or SIGTERM)): 2 threads were not"
                + " measured\n");
    }

    @Test
    void aResultThatCannotBeReadBackSaysTheVerdictIsNotAvailable() {
        StringWriter text = new StringWriter();
        SweepConsole console = SweepConsole.create(new PrintWriter(text), false);
        console.started(PLAN, file);
        WrkResult seed = WrkOutputParser.parse(Fixtures.wrkOutput("seed-one-thread.txt"));
        Point point = PointSummary.of(1, 1, List.of(seed), PARAMETERS, null);
        console.finished(new SweepResult(SweepResult.SCHEMA_VERSION, "0.1.0", "default", "start", "end", true, null,
                PARAMETERS, null, List.of(), List.of(point)), file);

        assertThat(text.toString()).containsPattern("verdict: not available: .*result.json");
    }

    @Test
    void aTerminalGetsAProgressBarAndTheSameFigures() {
        StringWriter text = new StringWriter();
        SweepConsole console = SweepConsole.create(new PrintWriter(text), true);
        play(console);

        assertThat(text.toString()).contains("\r").contains("sweep")
                .contains("[1/2] 1 thread: goodput 0/s")
                .contains("Little's law ceiling");
    }

    /**
     * The console prints each figure as the report does, whatever the machine's locale: a German or French
     * default must not turn 44,619/s into 44.619/s or 0.42 ms into 0,42 ms on one side only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"de-DE", "fr-FR", "en-US"})
    void pointLinesPrintTheReportsDigitsUnderAnyLocale(String tag) {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag(tag));
        try {
            StringWriter text = new StringWriter();
            SweepConsole console = SweepConsole.create(new PrintWriter(text), false);
            console.started(PLAN, file);
            WrkResult run = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-ok.txt"))
                    .withCpu(new CpuUsage(1.234, 0.567, 0.004, 1, 2, false));
            Point point = PointSummary.of(1, 1, List.of(run, run), PARAMETERS, null);
            console.pointFinished(1, point);
            SweepResult result = new SweepResult(SweepResult.SCHEMA_VERSION, "0.1.0", "default", "start", "end",
                    true, null, PARAMETERS, null, List.of(), List.of(point));
            ResultStore.writeSweep(file, result);
            console.finished(result, file);
            StringWriter report = new StringWriter();
            Reporter.run(new Reporter.Request(List.of(file), Set.of(ReportFormats.Kind.TEXT), false, temp,
                    Overrides.NONE), new PrintWriter(report), new PrintWriter(new StringWriter()));

            String line = text.toString().lines().filter(l -> l.startsWith("[1/2] 1 thread: goodput")).findFirst()
                    .orElseThrow();
            assertThat(line).isEqualTo("[1/2] 1 thread: goodput 44,619 +/- 0/s (45% of the 100,000/s ceiling)"
                    + "  p50 0.42 ms  p99 24.0 ms  errors 0%  CPU server 1.23, wrk 0.57 cores");
            // The same figures, digit for digit, in the report's table and in the console's own.
            for (String figure : List.of("44,619 +/- 0/s", "0.42 ms", "24.0 ms", "1.23", "0.57", "45%")) {
                assertThat(report.toString()).as(figure).contains(figure);
                assertThat(text.toString().lines().filter(l -> l.matches(" +1 +1 .*"))).as(figure)
                        .singleElement().asString().contains(figure);
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    private void play(SweepConsole console) {
        console.preflightDone(List.of(new PreflightCheck("wrk", "ok", "wrk 4.1", null),
                new PreflightCheck("open files", "warn", "at most ~19,744", "ulimit -n 20256")));
        console.started(PLAN, file);
        console.pointStarted(1, ONE);
        console.phase(new Phase(Phase.Kind.STARTING_TARGET, 1, ONE, 0, 1, Duration.ofSeconds(2)));
        console.targetReady(1, new SweepResult.StartUp(800, 1020.0, null));
        console.phase(new Phase(Phase.Kind.WARMUP, 1, ONE, 0, 1, Duration.ofSeconds(5)));
        console.phase(new Phase(Phase.Kind.ITERATION, 1, ONE, 1, 1, Duration.ofSeconds(30)));
        WrkResult seed = WrkOutputParser.parse(Fixtures.wrkOutput("seed-one-thread.txt"))
                .withCpu(new CpuUsage(0.9, 0.95, 0.004, 1, 2, true));
        Point point = PointSummary.of(1, 1, List.of(seed), PARAMETERS, null);
        console.pointFinished(1, point);
        console.pointStarted(2, TWO);
        console.phase(new Phase(Phase.Kind.STARTING_TARGET, 2, TWO, 0, 1, Duration.ofSeconds(2)));
        console.targetReady(2, new SweepResult.StartUp(750, null, "no 2xx from GET http://127.0.0.1:8000/ping/"
                + " within 10 s of being ready (last: HTTP 404)"));
        SweepResult result = new SweepResult(SweepResult.SCHEMA_VERSION, "0.1.0", "default", "start", "end", false,
                "interrupted by a signal (Ctrl-C or SIGTERM)", PARAMETERS, null, List.of(), List.of(point));
        ResultStore.writeSweep(file, result);
        console.finished(result, file);
    }
}
