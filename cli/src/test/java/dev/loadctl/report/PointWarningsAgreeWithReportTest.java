package dev.loadctl.report;

import dev.loadctl.engine.PointSummary;
import dev.loadctl.report.SweepReport.Reason;
import dev.loadctl.report.SweepReport.Reason.Kind;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep's point warnings (the console's lines, saved with each point) and the report's verdict give a
 * reason they share in the same words: only where it held and the figures differ.
 */
class PointWarningsAgreeWithReportTest {

    @Test
    void theConsoleAndTheReportSayEachSharedReasonAlike() {
        SweepResult.SweepParameters p = Fixtures.parameters(List.of(1, 2), 1000, 10, 1, 20000, 250, 200);
        // 1 thread: about 2% errors, p99 400 ms, wrk saturated; 2 threads: server and wrk fill the machine.
        Point saturated = PointSummary.of(1, 1, List.of(Fixtures.synthetic(1, 1000, 10, 49_000, 1_000, 0, 201, 300,
                400, 500, 0.5, 0.95, true)), p, null);
        Point cpuFull = PointSummary.of(2, 2, List.of(Fixtures.synthetic(2, 1000, 10, 49_900, 0, 0, 200.5, 201,
                204, 230, 1.2, 0.7, false)), p, null);
        Map<Kind, String> reasons = ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.sweep("default", true, null,
                p, List.of(saturated, cpuFull)), "result.json")), Overrides.NONE).main().verdict().reasons().stream()
                .collect(Collectors.toMap(Reason::kind, Reason::text));

        assertThat(warning(saturated, "wrk was saturated (")).startsWith("wrk was saturated (it used 0.95 of the 1"
                + " cores it can use): ").endsWith(said(reasons.get(Kind.WRK_SATURATED)));
        assertThat(reasons.get(Kind.WRK_SATURATED)).startsWith("wrk was saturated at 1 thread (");
        assertThat(warning(cpuFull, "the machine's CPU was full (")).endsWith(said(reasons.get(Kind.MACHINE_CPU_FULL)));
        assertThat(reasons.get(Kind.MACHINE_CPU_FULL)).startsWith("the machine's CPU was full at 2 threads (");
        assertThat(warning(saturated, "errors above the 0.10% limit: ")).isNotNull();
        assertThat(reasons.get(Kind.ERRORS)).startsWith("errors above the 0.10% limit: 2.0% at 1 thread");
        assertThat(warning(saturated, "p99 latency over the 250 ms SLA: ")).isEqualTo(
                "p99 latency over the 250 ms SLA: 400 ms");
        assertThat(reasons.get(Kind.LATENCY)).isEqualTo("p99 latency over the 250 ms SLA: 400 ms at 1 thread");
    }

    private static String warning(Point point, String start) {
        return point.warnings().stream().filter(w -> w.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no warning \"" + start + "...\" in " + point.warnings()));
    }

    /** What a reason says after its figures: "(...): <this>". */
    private static String said(String reason) {
        assertThat(reason).contains("): ");
        return reason.substring(reason.indexOf("): ") + 3);
    }
}
