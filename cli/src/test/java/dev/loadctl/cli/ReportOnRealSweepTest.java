package dev.loadctl.cli;

import dev.loadctl.report.Report;
import dev.loadctl.report.SweepReport;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.report.SweepReport.Reason;
import dev.loadctl.report.SweepReport.Reason.Kind;
import dev.loadctl.result.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real small sweep (the bundled 200 ms server, real wrk, threads 1 and 2, 400 connections, 3 s), then
 * {@code loadctl report} on it: every file is there, and the verdict agrees with the measured numbers.
 */
class ReportOnRealSweepTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.assertingNothingLeft();

    @Test
    void aReportOnARealSweepHasEveryChartAndAVerdictThatFitsTheNumbers() throws Exception {
        CliRun sweep = CliRun.of("sweep", "--threads", "1,2", "--connections", "400", "--duration", "3s",
                "--warmup", "1s", "--port", Integer.toString(sandbox.port()), "--out", sandbox.out().toString());
        assertThat(sweep.exitCode()).as(sweep.out() + sweep.err()).isZero();

        CliRun report = CliRun.of("report", "--html", "--csv", "--json", sandbox.out().resolve("latest").toString());
        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();

        Path folder = sandbox.out().resolve("latest").toRealPath();
        assertThat(report.out()).contains("html: " + folder.resolve("index.html"));
        for (String file : List.of("index.html", "report.csv", "report.json")) {
            assertThat(folder.resolve(file)).isNotEmptyFile();
        }
        for (String chart : List.of("throughput", "latency", "errors", "cpu")) {
            assertThat(folder.resolve(chart + ".svg")).isNotEmptyFile();
            BufferedImage png = ImageIO.read(folder.resolve(chart + ".png").toFile());
            assertThat(png.getWidth()).as(chart).isEqualTo(900);
            assertThat(png.getHeight()).as(chart).isEqualTo(500);
        }

        SweepReport result = ResultStore.JSON.readValue(folder.resolve("report.json").toFile(), Report.class).main();
        assertThat(result.complete()).isTrue();
        assertThat(result.points()).extracting(PointRow::threads).containsExactly(1, 2);
        assertVerdictFitsTheNumbers(result);

        // 400 connections over a 200 ms handler allow 2,000/s: far below the 20,000/s target.
        assertThat(result.parameters().littlesLawCeilingPerSecond()).isEqualTo(2000);
        assertThat(result.verdict().reached()).isFalse();
        assertThat(result.verdict().reasons()).extracting(Reason::text).anyMatch(text -> text.equals(
                "throughput is capped by Little's law: 400 connections / 200 ms = 2,000/s at most, below the"
                        + " 20,000/s target; it would take at least 4,000 connections"));
        for (PointRow row : result.points()) {
            // Little's law holds for what was measured (generously: the measured window is not exact).
            assertThat(row.goodputPerSecond()).isBetween(0.0, 2000 * 1.1);
            assertThat(row.efficiency()).isCloseTo(row.goodputPerSecond() / 2000, within(1e-9));
            assertThat(row.wrkCores()).as("CPU was sampled").isNotNull();
        }

        String html = Files.readString(folder.resolve("index.html"));
        assertThat(html).contains("<h2>NOT REACHED</h2>").contains("data:image/png;base64,");
        String csv = Files.readString(folder.resolve("report.csv"));
        assertThat(csv.lines().filter(line -> !line.startsWith("#"))).hasSize(3);
    }

    /** Every reason the verdict gives is there in the rows, and every row flag that matters has its reason. */
    private static void assertVerdictFitsTheNumbers(SweepReport report) {
        List<PointRow> rows = report.points();
        SweepReport.Parameters p = report.parameters();
        List<Kind> kinds = report.verdict().reasons().stream().map(Reason::kind).toList();
        assertThat(report.verdict().reached()).isEqualTo(rows.stream().anyMatch(PointRow::meetsTarget));
        for (PointRow row : rows) {
            boolean meets = row.goodputPerSecond() >= p.targetRps() && row.latencyP99Ms() != null
                    && row.latencyP99Ms() <= p.slaP99Ms() && row.errorRate() <= p.maxErrorRate();
            assertThat(row.meetsTarget()).as("%d threads meets the target", row.threads()).isEqualTo(meets);
            assertThat(row.everyResponseAnError())
                    .isEqualTo(row.requests() > 0 && row.goodputPerSecond() == 0);
        }
        if (report.verdict().reached()) {
            assertThat(kinds).isEmpty();
            return;
        }
        assertThat(kinds.contains(Kind.EVERY_RESPONSE_AN_ERROR))
                .isEqualTo(rows.stream().anyMatch(PointRow::everyResponseAnError));
        assertThat(kinds.contains(Kind.ERRORS)).isEqualTo(rows.stream()
                .anyMatch(row -> !row.everyResponseAnError() && row.errorRate() > p.maxErrorRate()));
        assertThat(kinds.contains(Kind.LATENCY)).isEqualTo(rows.stream()
                .anyMatch(row -> row.latencyP99Ms() != null && row.latencyP99Ms() > p.slaP99Ms()));
        assertThat(kinds.contains(Kind.WRK_SATURATED)).isEqualTo(rows.stream().anyMatch(PointRow::wrkSaturated));
        assertThat(kinds.contains(Kind.LITTLES_LAW)).isEqualTo(p.littlesLawCeilingPerSecond() < p.targetRps());
    }
}
