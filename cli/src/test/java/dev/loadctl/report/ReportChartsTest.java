package dev.loadctl.report;

import org.junit.jupiter.api.Test;

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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draws every chart headless and checks it is a real picture. The PNGs stay in target/report-charts/ so
 * a person can look at them (a chart nobody can read is a bug).
 */
class ReportChartsTest {

    private static final Path KEEP = Path.of("target", "report-charts");

    @Test
    void sweepGetsFourReadableCharts() throws IOException {
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.scalingSweep(), "reports/synthetic")),
                Overrides.NONE);
        List<ReportCharts.NamedChart> charts = ReportCharts.draw(report);

        assertThat(charts).extracting(ReportCharts.NamedChart::fileStem)
                .containsExactly(ReportCharts.THROUGHPUT, ReportCharts.LATENCY, ReportCharts.ERRORS, ReportCharts.CPU);
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
                "latency.png", "latency.svg", "errors.png", "errors.svg", "cpu.png", "cpu.svg");
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
