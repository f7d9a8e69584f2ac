package dev.loadctl.report;

import dev.loadctl.result.SweepResult;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draws every chart headless and checks it is a real picture. The PNGs stay in target/report-charts/ so
 * a person can look at them (a chart nobody can read is a bug).
 */
class ReportChartsTest {

    private static final Path KEEP = Path.of("target", "report-charts");

    @Test
    void sweepGetsFiveReadableCharts() throws IOException {
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.scalingSweep(), "reports/synthetic")),
                Overrides.NONE);
        List<ReportCharts.NamedChart> charts = ReportCharts.draw(report);

        assertThat(charts).extracting(ReportCharts.NamedChart::fileStem)
                .containsExactly(ReportCharts.THROUGHPUT, ReportCharts.LATENCY, ReportCharts.LATENCY_DISTRIBUTION,
                        ReportCharts.ERRORS, ReportCharts.CPU);
        for (ReportCharts.NamedChart chart : charts) {
            assertReadablePicture(chart, "sweep");
        }
    }

    @Test
    void originRunsShowTheErrorsAndHaveNoCpuChart() throws IOException {
        Report report = ReportBuilder.build(List.of(Fixtures.origin(Overrides.NONE)), Overrides.NONE);
        List<ReportCharts.NamedChart> charts = ReportCharts.draw(report);

        assertThat(charts).extracting(ReportCharts.NamedChart::fileStem)
                .containsExactly(ReportCharts.THROUGHPUT, ReportCharts.LATENCY, ReportCharts.ERRORS);
        ReportCharts.NamedChart errors = charts.get(2);
        assertThat(errors.title()).isEqualTo("Outcomes: EVERY RESPONSE WAS AN ERROR (1 and 4 threads)");
        for (ReportCharts.NamedChart chart : charts) {
            assertReadablePicture(chart, "origin");
        }
    }

    @Test
    void comparisonGetsGoodputAndLatencyCharts() throws IOException {
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.scalingSweep(), "a"),
                Fixtures.loaded(Fixtures.scalingSweep(), "b")), Overrides.NONE);
        List<ReportCharts.NamedChart> charts = ReportCharts.draw(report);

        assertThat(charts).extracting(ReportCharts.NamedChart::fileStem)
                .containsExactly(ReportCharts.COMPARE_GOODPUT, ReportCharts.COMPARE_LATENCY);
        for (ReportCharts.NamedChart chart : charts) {
            assertReadablePicture(chart, "compare");
        }
    }

    private static ReportCharts.NamedChart chart(SweepResult sweep, String stem) {
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(sweep, "reports/synthetic")), Overrides.NONE);
        return ReportCharts.draw(report).stream().filter(chart -> chart.fileStem().equals(stem)).findFirst()
                .orElseThrow();
    }

    private static Map<String, XYSeries> series(ReportCharts.NamedChart chart) {
        return ((XYChart) chart.chart()).getSeriesMap();
    }

    @Test
    void threadCountsThatDoubleGetALog2AxisOthersALinearOne() {
        ReportCharts.ThreadAxis doubling = ReportCharts.ThreadAxis.of(single(Fixtures.scalingSweep()).points());
        assertThat(doubling.log2()).isTrue();
        assertThat(doubling.x(8)).isEqualTo(3.0);
        assertThat(doubling.label(3.0)).isEqualTo("8");
        assertThat(((XYChart) chart(Fixtures.scalingSweep(), ReportCharts.THROUGHPUT).chart()).getXAxisTitle())
                .isEqualTo("server threads (log2 scale)");

        ReportCharts.ThreadAxis linear = ReportCharts.ThreadAxis.of(single(Fixtures.withinSlaSweep()).points());
        assertThat(linear.log2()).isFalse();
        assertThat(linear.x(6)).isEqualTo(6.0);
        // Between whole counts a tick has blanks of its own: XChart draws no ticks when two labels are alike.
        assertThat(linear.label(2.5)).isBlank().isNotEqualTo(linear.label(3.5));
    }

    @Test
    void pointsThatMissTheSlaOrTheTargetAreMarkedOnTheThroughputChart() {
        Map<String, XYSeries> series = series(chart(Fixtures.scalingSweep(), ReportCharts.THROUGHPUT));

        // 1 thread: errors and p99 475 ms; 2 threads: p99 258 ms. 4 and 8 threads meet the target.
        assertThat(series.get("over the p99 SLA or the error limit").getXData()).containsExactly(0.0, 1.0);
        assertThat(series).doesNotContainKey("within the SLA, below the target");
        assertThat(series(chart(Fixtures.withinSlaSweep(), ReportCharts.THROUGHPUT))
                .get("within the SLA, below the target").getXData()).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void aReferenceLineFarAboveTheDataIsNotedInsteadOfSquashingIt() {
        // 100,000/s of Little's law over at most 32,800/s of data: noted; the 20,000/s target is drawn.
        ReportCharts.NamedChart scaling = chart(Fixtures.scalingSweep(), ReportCharts.THROUGHPUT);
        assertThat(series(scaling).keySet()).contains("target 20,000/s").noneMatch(name -> name.startsWith("Little"));
        assertThat(scaling.caption()).endsWith("Above the chart: Little's-law ceiling 100,000/s (3.05x the highest"
                + " point).");
        assertThat(((XYChart) scaling.chart()).getStyler().getYAxisMax()).isCloseTo(32_800 * 1.12,
                org.assertj.core.data.Percentage.withPercentage(1));

        // The old quick profile: 5,000/s of data under a 20,000/s target: the ceiling is drawn, the target noted.
        ReportCharts.NamedChart small = chart(Fixtures.smallSweep(), ReportCharts.THROUGHPUT);
        assertThat(series(small).keySet()).contains("Little's law: 5,000/s").doesNotContain("target 20,000/s");
        assertThat(small.caption()).contains("Above the chart: target 20,000/s (4.00x the highest point).");
    }

    @Test
    void theLatencyDistributionIsAPercentileSpectrumOnANinesAxis() {
        ReportCharts.NamedChart chart = chart(Fixtures.scalingSweep(), ReportCharts.LATENCY_DISTRIBUTION);
        XYSeries one = series(chart).get("1 thread");

        assertThat(one.getXData()).containsExactly(Math.log10(2), Math.log10(4), 1.0, 2.0, 3.0, 4.0, 5.0);
        // p50, p75, p90 and p99 are the iterations' means; p99.9, p99.99 and max are the fixture's max.
        assertThat(one.getYData()).containsExactly(201.0, 215.0, 229.0, 475.0, 890.0, 890.0, 890.0);
        assertThat(series(chart)).containsKeys("2 threads", "4 threads", "8 threads", "p99 SLA 250 ms");
        assertThat(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0)).extracting(ReportCharts::nines)
                .containsExactly("0%", "90%", "99%", "99.9%", "99.99%", "max");
        // Runs without a latency distribution have nothing to draw.
        Report origin = ReportBuilder.build(List.of(Fixtures.origin(Overrides.NONE)), Overrides.NONE);
        assertThat(ReportCharts.draw(origin)).extracting(ReportCharts.NamedChart::fileStem)
                .doesNotContain(ReportCharts.LATENCY_DISTRIBUTION);
    }

    @Test
    void cpuFullIsMarkedLikeWrkSaturation() {
        Map<String, XYSeries> series = series(chart(Fixtures.scalingSweep(), ReportCharts.CPU));

        assertThat(series.get("wrk saturated: throughput is a lower bound").getXData()).containsExactly(3.0);
        assertThat(series.get("CPU full: server + wrk use 90%+ of the cores").getXData()).containsExactly(2.0);
        assertThat(series.get("CPU full: server + wrk use 90%+ of the cores").getYData()[0]).isCloseTo(1.9,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void outcomesHaveUnrotatedLabelsAndNoBarsOrSeriesForWhatNeverHappened() {
        CategoryChart chart = (CategoryChart) chart(Fixtures.scalingSweep(), ReportCharts.ERRORS).chart();

        assertThat(chart.getStyler().getXAxisLabelRotation()).isZero();
        assertThat(chart.getSeriesMap().keySet()).containsExactly("timely 2xx (goodput)", "2xx after the timeout",
                "5xx", "timeouts");
        // Only 1 thread had socket errors (timeouts): only it gets a socket-error bar.
        assertThat(List.copyOf(chart.getSeriesMap().get("timeouts").getXData()).stream().map(String::valueOf).toList()).containsExactly("1", "1 sock.", "2", "4", "8");
    }

    private static SweepReport single(SweepResult sweep) {
        return ReportBuilder.build(List.of(Fixtures.loaded(sweep, "reports/synthetic")), Overrides.NONE).main();
    }

    @Test
    void chartsAreAFormatAndTheHtmlPageEmbedsTheSameDrawing() {
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.scalingSweep(), "reports/synthetic")),
                Overrides.NONE);
        List<ReportFormat> formats = ReportFormats.of(EnumSet.of(ReportFormats.Kind.CHARTS, ReportFormats.Kind.HTML));
        ReportFormat html = formats.get(0);
        ChartsFormat charts = (ChartsFormat) formats.get(1);

        List<ChartsFormat.DrawnChart> drawn = charts.charts(report);
        String page = new String(html.files(report).get(0).content(), StandardCharsets.UTF_8);
        List<ReportFormat.File> files = charts.files(report);

        assertThat(charts.charts(report)).as("drawn once, then kept").isSameAs(drawn);
        assertThat(files).extracting(ReportFormat.File::name).containsExactly("throughput.png", "throughput.svg",
                "latency.png", "latency.svg", "latency-distribution.png", "latency-distribution.svg", "errors.png",
                "errors.svg", "cpu.png", "cpu.svg");
        assertThat(files.get(0).content()).isSameAs(drawn.get(0).png());
        for (ChartsFormat.DrawnChart chart : drawn) {
            assertThat(page).contains(Base64.getEncoder().encodeToString(chart.png()));
        }
        assertThat(charts.printed(report)).isNull();
    }

    private static void assertReadablePicture(ReportCharts.NamedChart chart, String folder) throws IOException {
        byte[] png = ReportCharts.png(chart);
        Files.createDirectories(KEEP.resolve(folder));
        Files.write(KEEP.resolve(folder).resolve(chart.fileStem() + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 5) {
            for (int x = 0; x < image.getWidth(); x += 5) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("distinct colours in %s", chart.fileStem()).hasSizeGreaterThan(8);

        String svg = new String(ReportCharts.svg(chart), StandardCharsets.UTF_8);
        assertThat(svg).contains("<svg").contains("</svg>");
    }
}
