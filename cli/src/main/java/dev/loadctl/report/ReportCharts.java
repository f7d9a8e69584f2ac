package dev.loadctl.report;

import dev.loadctl.report.SweepReport.Outcomes;
import dev.loadctl.report.SweepReport.PointRow;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts, drawn with XChart from the computed {@link Report} (never from raw results), so
 * they show exactly what the text says. Rendering is headless: no display is needed or used.
 */
final class ReportCharts {

    static {
        // Charts are drawn on servers and in CI; AWT must never look for a display.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    static final String THROUGHPUT = "throughput";
    static final String LATENCY = "latency";
    static final String ERRORS = "errors";
    static final String CPU = "cpu";
    static final String COMPARE_GOODPUT = "compare-goodput";
    static final String COMPARE_LATENCY = "compare-latency";

    private static final Color GOODPUT = new Color(0x2c, 0xa0, 0x2c);
    private static final Color RAW = new Color(0x7f, 0x7f, 0x7f);
    private static final Color TARGET = new Color(0xd6, 0x27, 0x28);
    private static final Color CEILING = new Color(0x94, 0x67, 0xbd);
    private static final Color MODEL = new Color(0x1f, 0x77, 0xb4);
    private static final Color SERVER = new Color(0x1f, 0x77, 0xb4);
    private static final Color WRK = new Color(0xff, 0x7f, 0x0e);
    private static final Color[] LATENCY_COLORS = {new Color(0x1f, 0x77, 0xb4), new Color(0x2c, 0xa0, 0x2c),
            new Color(0xff, 0x7f, 0x0e), new Color(0x8c, 0x56, 0x4b), new Color(0x7f, 0x7f, 0x7f)};
    private static final Color A = new Color(0x7f, 0x7f, 0x7f);
    private static final Color B = new Color(0x1f, 0x77, 0xb4);

    /**
     * @param fileStem file name without extension (throughput.png, throughput.svg)
     * @param caption  one sentence under the chart in HTML
     */
    record NamedChart(String fileStem, String title, String caption, Chart<?, ?> chart) {
    }

    private ReportCharts() {
    }

    static List<NamedChart> draw(Report report) {
        if (report.isComparison()) {
            return List.of(compareGoodput(report), compareLatency(report));
        }
        SweepReport sweep = report.main();
        List<NamedChart> charts = new ArrayList<>();
        if (sweep.points().isEmpty()) {
            return charts;
        }
        charts.add(throughput(sweep));
        charts.add(latency(sweep));
        charts.add(errors(sweep));
        if (sweep.points().stream().anyMatch(row -> row.wrkCores() != null || row.serverCores() != null)) {
            charts.add(cpu(sweep));
        }
        return charts;
    }

    static byte[] png(NamedChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart.chart(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + chart.fileStem() + ".png", e);
        }
    }

    static byte[] svg(NamedChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart.chart(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + chart.fileStem() + ".svg", e);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------------------------------ charts

    private static NamedChart throughput(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        SweepReport.Parameters p = sweep.parameters();
        XYChart chart = xyChart(name(sweep) + ": throughput vs " + threadsAxis(sweep), threadsAxis(sweep),
                "requests per second");
        List<PointRow> withRaw = rows.stream().filter(row -> row.requestsPerSecond() != null).toList();
        if (!withRaw.isEmpty()) {
            style(chart.addSeries("wrk Requests/sec (errors too)", threads(withRaw),
                    values(withRaw, PointRow::requestsPerSecond)), RAW, SeriesLines.DASH_DASH, SeriesMarkers.DIAMOND);
        }
        List<PointRow> withGoodput = rows.stream().filter(row -> row.goodputPerSecond() != null).toList();
        if (!withGoodput.isEmpty()) {
            XYSeries goodput;
            if (withGoodput.stream().anyMatch(row -> row.goodputErrorPerSecond() != null)) {
                goodput = chart.addSeries("goodput: timely 2xx per second (99.9% CI bars)", threads(withGoodput),
                        values(withGoodput, PointRow::goodputPerSecond),
                        values(withGoodput, row -> row.goodputErrorPerSecond() == null ? 0.0 : row.goodputErrorPerSecond()));
            } else {
                goodput = chart.addSeries("goodput: timely 2xx per second", threads(withGoodput),
                        values(withGoodput, PointRow::goodputPerSecond));
            }
            style(goodput, GOODPUT, SeriesLines.SOLID, SeriesMarkers.CIRCLE);
        }
        ScalingModel model = sweep.scalingModel();
        if (model.fitted()) {
            double low = rows.get(0).threads();
            double high = rows.get(rows.size() - 1).threads();
            int steps = 60;
            double[] x = new double[steps + 1];
            double[] y = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                x[i] = low + (high - low) * i / steps;
                y[i] = model.predictPerSecond(x[i]);
            }
            style(chart.addSeries("USL model (fit to goodput)", x, y), MODEL, SeriesLines.DOT_DOT, SeriesMarkers.NONE);
        }
        horizontal(chart, "target " + Numbers.perSecond(p.targetRps()), p.targetRps(), rows, TARGET,
                SeriesLines.DASH_DASH);
        if (Double.isFinite(p.littlesLawCeilingPerSecond())) {
            horizontal(chart, "Little's law: " + Numbers.perSecond(p.littlesLawCeilingPerSecond()),
                    p.littlesLawCeilingPerSecond(), rows, CEILING, SeriesLines.DASH_DOT);
        }
        fitYAxis(chart, Math.max(p.targetRps(), Math.max(
                Double.isFinite(p.littlesLawCeilingPerSecond()) ? p.littlesLawCeilingPerSecond() : 0,
                rows.stream().mapToDouble(row -> Math.max(orZero(row.goodputPerSecond()), orZero(row.requestsPerSecond())))
                        .max().orElse(0))));
        return new NamedChart(THROUGHPUT, chart.getTitle(), "Goodput (timely 2xx per second) against wrk's raw Requests/sec,"
                + " which counts errors too; the dashed lines are the target and the Little's-law ceiling"
                + " (connections / handler delay).", chart);
    }

    private static NamedChart latency(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        boolean timeouts = rows.stream().anyMatch(row -> row.timeouts() > 0);
        XYChart chart = xyChart(name(sweep) + ": latency vs " + threadsAxis(sweep), threadsAxis(sweep),
                timeouts ? "latency (ms; timed-out requests not included)" : "latency (ms)");
        List<Function<PointRow, Double>> fields = List.of(PointRow::latencyP50Ms, PointRow::latencyP90Ms,
                PointRow::latencyP99Ms, PointRow::latencyMaxMs);
        List<String> names = List.of("p50", "p90", "p99", "max");
        boolean anyPercentile = rows.stream().anyMatch(row -> row.latencyP50Ms() != null || row.latencyP99Ms() != null);
        for (int i = 0; i < fields.size(); i++) {
            addIfAny(chart, names.get(i), rows, fields.get(i), LATENCY_COLORS[i], SeriesMarkers.CIRCLE);
        }
        if (!anyPercentile) {
            addIfAny(chart, "average (wrk printed no percentiles)", rows, PointRow::latencyAvgMs, LATENCY_COLORS[4],
                    SeriesMarkers.SQUARE);
        }
        horizontal(chart, "p99 SLA " + Numbers.millis(sweep.parameters().slaP99Ms()),
                sweep.parameters().slaP99Ms(), rows, TARGET, SeriesLines.DASH_DASH);
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(LATENCY, chart.getTitle(), "Latency percentiles per thread count, with the p99 SLA."
                + (timeouts ? " Requests slower than wrk's timeout are not in these figures." : ""), chart);
    }

    /**
     * Two bars per point: completed responses split by outcome (their stack is wrk's Requests/sec), and
     * socket errors, which wrk counts apart. An all-red first bar is "every response was an error".
     */
    private static NamedChart errors(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        List<String> categories = new ArrayList<>();
        for (PointRow row : rows) {
            categories.add(row.threads() + " thr: responses");
            categories.add(row.threads() + " thr: socket errors");
        }
        List<Integer> allErrors = rows.stream().filter(PointRow::everyResponseAnError).map(PointRow::threads).toList();
        String title = allErrors.isEmpty() ? name(sweep) + ": outcomes per point"
                : "Outcomes: EVERY RESPONSE WAS AN ERROR (" + Numbers.threadList(allErrors) + ")";
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(threadsAxis(sweep) + ": completed responses by outcome | socket errors")
                .yAxisTitle("per second").build();
        axesStyle(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 30 : 0);
        chart.getStyler().setYAxisMin(0.0);
        if (!allErrors.isEmpty()) {
            chart.getStyler().setChartTitleBoxVisible(true);
            chart.getStyler().setChartTitleBoxBackgroundColor(new Color(0xfd, 0xe0, 0xe0));
            chart.getStyler().setChartTitleBoxBorderColor(TARGET);
        }
        boolean classes = rows.stream().anyMatch(row -> row.statusClasses() != null);
        // Green is the only good part; every other colour is a kind of failure.
        outcome(chart, "timely 2xx (goodput)", categories, rows, Outcomes::timely2xxPerSecond, true, GOODPUT, true);
        outcome(chart, "2xx after the timeout", categories, rows, Outcomes::late2xxPerSecond, true,
                new Color(0xbc, 0xbd, 0x22), false);
        outcome(chart, "3xx", categories, rows, Outcomes::status3xxPerSecond, true, new Color(0x17, 0xbe, 0xcf), false);
        outcome(chart, "4xx", categories, rows, Outcomes::status4xxPerSecond, true, WRK, classes);
        outcome(chart, "5xx", categories, rows, Outcomes::status5xxPerSecond, true, TARGET, classes);
        outcome(chart, "other status", categories, rows, Outcomes::otherStatusPerSecond, true,
                new Color(0x8c, 0x56, 0x4b), false);
        outcome(chart, "status 400+ (wrk's non-2xx/3xx)", categories, rows, Outcomes::statusOver399PerSecond, true,
                TARGET, !classes);
        outcome(chart, "late 2xx or 3xx (no status codes)", categories, rows, Outcomes::unclassifiedPerSecond, true,
                new Color(0xbc, 0xbd, 0x22), false);
        outcome(chart, "timeouts", categories, rows, Outcomes::timeoutsPerSecond, false, CEILING, true);
        outcome(chart, "connect errors", categories, rows, Outcomes::connectErrorsPerSecond, false,
                new Color(0x44, 0x44, 0x44), false);
        outcome(chart, "read errors", categories, rows, Outcomes::readErrorsPerSecond, false,
                new Color(0xe3, 0x77, 0xc2), false);
        outcome(chart, "write errors", categories, rows, Outcomes::writeErrorsPerSecond, false,
                new Color(0xaa, 0xaa, 0xaa), false);
        return new NamedChart(ERRORS, title, "For each thread count, the left bar splits wrk's completed responses"
                + " by outcome (only green is good) and the right bar shows socket errors, which wrk counts"
                + " separately.", chart);
    }

    private static NamedChart cpu(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        XYChart chart = xyChart(name(sweep) + ": CPU of the server and of wrk", threadsAxis(sweep),
                "CPU (cores; 1 = one core busy)");
        addIfAny(chart, "server", rows, PointRow::serverCores, SERVER, SeriesMarkers.CIRCLE);
        addIfAny(chart, "wrk", rows, PointRow::wrkCores, WRK, SeriesMarkers.DIAMOND);
        List<PointRow> saturated = rows.stream().filter(row -> row.wrkSaturated() && row.wrkCores() != null).toList();
        if (!saturated.isEmpty()) {
            XYSeries marks = chart.addSeries("wrk saturated: throughput is a lower bound", threads(saturated),
                    values(saturated, PointRow::wrkCores));
            marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marks.setMarker(SeriesMarkers.CROSS);
            marks.setMarkerColor(TARGET);
            chart.getStyler().setMarkerSize(12);
        }
        threadAxis(chart, rows);
        Integer machineCores = rows.stream().map(PointRow::machineCores).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        if (machineCores != null) {
            horizontal(chart, "machine: " + machineCores + " cores, shared", machineCores, rows, RAW,
                    SeriesLines.DASH_DASH);
        }
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(CPU, chart.getTitle(), "CPU used by the server and by wrk during the measured"
                + " window; a red cross marks a point where wrk used all the CPU it can, so its numbers are a"
                + " lower bound.", chart);
    }

    private static NamedChart compareGoodput(Report report) {
        XYChart chart = xyChart("A vs B: goodput vs server threads", "server threads", "timely 2xx per second");
        List<SweepReport> sweeps = report.sweeps();
        for (int i = 0; i < sweeps.size(); i++) {
            SweepReport sweep = sweeps.get(i);
            List<PointRow> rows = sweep.points().stream().filter(row -> row.goodputPerSecond() != null).toList();
            if (rows.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(sweep.title(), threads(rows), values(rows, PointRow::goodputPerSecond),
                    values(rows, row -> row.goodputErrorPerSecond() == null ? 0.0 : row.goodputErrorPerSecond()));
            style(series, i == 0 ? A : B, SeriesLines.SOLID, i == 0 ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        }
        List<PointRow> all = sweeps.stream().flatMap(sweep -> sweep.points().stream()).toList();
        if (!all.isEmpty()) {
            horizontal(chart, "target " + Numbers.perSecond(report.main().parameters().targetRps()),
                    report.main().parameters().targetRps(), all, TARGET, SeriesLines.DASH_DASH);
        }
        fitYAxis(chart, Math.max(report.main().parameters().targetRps(),
                all.stream().mapToDouble(row -> orZero(row.goodputPerSecond())).max().orElse(0)));
        return new NamedChart(COMPARE_GOODPUT, chart.getTitle(), "Goodput of A and B per thread count.", chart);
    }

    private static NamedChart compareLatency(Report report) {
        XYChart chart = xyChart("A vs B: p99 latency vs server threads", "server threads", "p99 latency (ms)");
        List<SweepReport> sweeps = report.sweeps();
        for (int i = 0; i < sweeps.size(); i++) {
            addIfAny(chart, sweeps.get(i).title() + " p99", sweeps.get(i).points(), PointRow::latencyP99Ms,
                    i == 0 ? A : B, i == 0 ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        }
        List<PointRow> all = sweeps.stream().flatMap(sweep -> sweep.points().stream()).toList();
        if (!all.isEmpty()) {
            horizontal(chart, "p99 SLA " + Numbers.millis(report.main().parameters().slaP99Ms()),
                    report.main().parameters().slaP99Ms(), all, TARGET, SeriesLines.DASH_DASH);
        }
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(COMPARE_LATENCY, chart.getTitle(), "p99 latency of A and B per thread count.", chart);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The sweep's name for a chart title, kept short enough that the title is never cut off. */
    private static String name(SweepReport sweep) {
        String title = sweep.title();
        return title.length() <= 32 ? title : title.substring(0, 31) + "...";
    }

    private static String threadsAxis(SweepReport sweep) {
        return sweep.threadsAre();
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        axesStyle(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#,##0.#");
        // Thread counts are whole numbers: label only the whole ticks.
        chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x - Math.rint(x)) < 1e-9
                ? String.format(Locale.ROOT, "%.0f", x) : "");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return chart;
    }

    static void axesStyle(AxesChartStyler styler) {
        styler.setLocale(Locale.ROOT);
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setMarkerSize(8);
        styler.setAntiAlias(true);
    }

    static void style(XYSeries series, Color color, BasicStroke line,
                              org.knowm.xchart.style.markers.Marker marker) {
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(line);
        series.setMarker(marker);
    }

    private static void addIfAny(XYChart chart, String name, List<PointRow> rows, Function<PointRow, Double> field,
                                 Color color, org.knowm.xchart.style.markers.Marker marker) {
        List<PointRow> present = rows.stream().filter(row -> field.apply(row) != null).toList();
        if (!present.isEmpty()) {
            style(chart.addSeries(name, threads(present), values(present, field)), color, SeriesLines.SOLID, marker);
        }
    }

    /**
     * A reference line across the whole thread axis. The axis runs between whole numbers around the
     * measured range, so that its ticks (and their labels) fall on whole thread counts.
     */
    private static void horizontal(XYChart chart, String name, double value, List<PointRow> rows, Color color,
                                   BasicStroke line) {
        double[] range = threadAxis(chart, rows);
        XYSeries series = chart.addSeries(name, range, new double[]{value, value});
        style(series, color, line, SeriesMarkers.NONE);
    }

    private static double[] threadAxis(XYChart chart, List<PointRow> rows) {
        double low = rows.stream().mapToInt(PointRow::threads).min().orElse(1);
        double high = rows.stream().mapToInt(PointRow::threads).max().orElse(1);
        double margin = Math.max(1, Math.ceil((high - low) * 0.05));
        double[] range = {Math.max(0, low - margin), high + margin};
        chart.getStyler().setXAxisMin(range[0]);
        chart.getStyler().setXAxisMax(range[1]);
        return range;
    }

    /**
     * The y axis ends a little above the highest value drawn, not above the error bars: with two or three
     * iterations a 99.9% Student-t interval can be many times the mean, and would squash the lines flat.
     */
    private static void fitYAxis(XYChart chart, double highest) {
        chart.getStyler().setYAxisMin(0.0);
        if (highest > 0) {
            chart.getStyler().setYAxisMax(highest * 1.12);
        }
    }

    private static void outcome(CategoryChart chart, String name, List<String> categories, List<PointRow> rows,
                                ToDoubleFunction<Outcomes> field, boolean responses, Color color, boolean always) {
        List<Double> values = new ArrayList<>();
        for (PointRow row : rows) {
            double value = field.applyAsDouble(row.outcomes());
            values.add(responses ? value : 0.0);
            values.add(responses ? 0.0 : value);
        }
        if (!always && values.stream().allMatch(value -> value == 0)) {
            return;
        }
        CategorySeries series = chart.addSeries(name, categories, values);
        series.setFillColor(color);
        series.setLineColor(color);
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static double[] threads(List<PointRow> rows) {
        return rows.stream().mapToDouble(PointRow::threads).toArray();
    }

    private static double[] values(List<PointRow> rows, Function<PointRow, Double> field) {
        return rows.stream().mapToDouble(row -> field.apply(row)).toArray();
    }
}
