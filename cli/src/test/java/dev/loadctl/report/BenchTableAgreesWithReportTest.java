package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.engine.PointSummary;
import dev.loadctl.report.BenchReport.RunPoint;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bench's table and {@code loadctl report} on a sweep of the same point say the same figures: goodput,
 * efficiency, latency, errors and CPU, with the Little's-law ceiling of the point's own connection count.
 */
class BenchTableAgreesWithReportTest {

    private static final List<Integer> CONNECTIONS = List.of(1000, 4000);

    @Test
    void eachTableRowShowsTheReportRowOfItsPoint() {
        SweepParameters recorded = Fixtures.parameters(List.of(1, 2), CONNECTIONS.get(0), 10, 2, 20000, 250, 200);
        List<Point> points = new ArrayList<>();
        for (int connections : CONNECTIONS) {
            // The subject errs and saturates wrk at 2 threads; the peer is clean: each column has a case.
            points.add(point("loadctl", connections, 1, recorded, 4_800, 0, false));
            points.add(point("loadctl", connections, 2, recorded, 9_100, 40, true));
            points.add(point("nginx", connections, 1, recorded, 4_900, 0, false));
            points.add(point("nginx", connections, 2, recorded, 9_700, 0, false));
        }
        BenchReport bench = BenchReports.of(bench(recorded, points));
        String table = BenchTable.markdown(bench);

        assertThat(bench.runs()).hasSize(4);
        for (Point point : points) {
            PointRow row = reportRow(point, recorded);
            RunPoint shown = BenchSummary.find(bench.runs(), point.target(), point.connections(), point.threads())
                    .orElseThrow();
            assertThat(shown.goodputPerSecond()).isEqualTo(row.goodputPerSecond());
            assertThat(shown.efficiency()).isEqualTo(row.efficiency());
            assertThat(shown.littlesLawCeilingPerSecond()).isEqualTo(row.littlesLawCeilingPerSecond())
                    .isEqualTo(point.connections() / 0.2);
            assertThat(shown.latencyP50Ms()).isEqualTo(row.latencyP50Ms());
            assertThat(shown.latencyP99Ms()).isEqualTo(row.latencyP99Ms());
            assertThat(shown.latencyMaxMs()).isEqualTo(row.latencyMaxMs());
            assertThat(shown.errorRate()).isEqualTo(row.errorRate());
            assertThat(shown.serverCores()).isEqualTo(row.serverCores());
            assertThat(shown.wrkCores()).isEqualTo(row.wrkCores());
            assertThat(shown.wrkSaturated()).isEqualTo(row.wrkSaturated());
            assertThat(shown.warnings()).isEqualTo(row.warnings());

            assertThat(cells(table, point)).containsExactly(
                    Numbers.rate(row.goodputPerSecond()), Numbers.percent(row.efficiency()),
                    Numbers.ms(row.latencyP50Ms()), Numbers.ms(row.latencyP99Ms()), Numbers.ms(row.latencyMaxMs()),
                    Numbers.count(shown.errors()) + " (" + Numbers.percent(row.errorRate()) + ")",
                    Numbers.cores(row.serverCores()), Numbers.cores(row.wrkCores()));
        }
    }

    /** Two iterations of a point, as the engine summarises them. */
    private static Point point(String target, int connections, int threads, SweepParameters recorded, long ok2xx,
                               long status5xx, boolean saturated) {
        return PointSummary.of(target, connections, threads, 2, List.of(
                Fixtures.synthetic(2, connections, 10, ok2xx * 10, status5xx * 10, 0, 201, 203, 230, 260,
                        0.3 * threads, 0.4, saturated),
                Fixtures.synthetic(2, connections, 10, ok2xx * 10 + 500, status5xx * 10, 0, 201, 204, 236, 270,
                        0.3 * threads, 0.45, saturated)), recorded, null);
    }

    private static SweepResult bench(SweepParameters recorded, List<Point> points) {
        BenchSetup setup = new BenchSetup(CONNECTIONS, "loadctl", 2, "the machine's cores", List.of(
                new BenchSetup.TargetStatus("loadctl", "default", List.of(1, 2), "bundled", BenchSetup.MEASURED, null,
                        null),
                new BenchSetup.TargetStatus("nginx", "nginx", List.of(1, 2), "nginx -c {conf}", BenchSetup.MEASURED,
                        null, null)), List.of());
        return new SweepResult(SweepResult.SCHEMA_VERSION, SweepResult.KIND_BENCH, "0.1.0", "bench",
                "2025-06-01T10:00:00Z", "2025-06-01T10:20:00Z", true, null, recorded, setup, Fixtures.environment(),
                List.of(), points, List.of());
    }

    /** The row {@code loadctl report} gives the point, read as a sweep of that one point at its connections. */
    private static PointRow reportRow(Point point, SweepParameters bench) {
        SweepParameters sweep = Fixtures.parameters(List.of(point.threads()), point.connections(),
                bench.durationSeconds(), bench.iterations(), bench.targetRps(), bench.slaP99Ms(), bench.delayMs());
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.sweep("one point", true, null, sweep,
                List.of(point)), "result.json")), Overrides.NONE);
        return report.main().points().get(0);
    }

    /** The figures of the point's line in the Markdown table: goodput to wrk's CPU. */
    private static List<String> cells(String table, Point point) {
        String line = table.lines()
                .filter(l -> l.startsWith("| " + point.connections() + " | " + point.threads() + " | "
                        + point.target()))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + point.target() + " -c"
                        + point.connections() + " " + point.threads() + " threads in\n" + table));
        String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
        return Arrays.asList(cells).subList(3, 11);
    }
}
