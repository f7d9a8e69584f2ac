package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.report.SweepReport.Outcomes;
import dev.loadctl.report.SweepReport.PointRow;
import org.knowm.xchart.AnnotationTextPanel;
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
    static final String LATENCY_DISTRIBUTION = "latency-distribution";

    /** A target line further above the data than this many times its highest point is noted, not drawn. */
    static final double TARGET_LINE_OVER_DATA = 4;
    /** The same for the Little's-law line, which is context, not the question: it must sit near the data. */
    static final double CEILING_LINE_OVER_DATA = 2;
    /** The nines axis: p50 at log10(2), 90% at 1, ..., 99.99% at 4, and the slowest request at 5. */
    static final int MAX_NINES = 5;
    /**
     * log10(1/(1-p)) of p50, p75, p90, p99, p99.9 and p99.99, written out: computed, 0.99 gives 1.9999999999999996,
     * and XChart's tick spacing, taken from the data, then never ends.
     */
    private static final double[] NINES = {Math.log10(2), Math.log10(4), 1, 2, 3, 4};
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
    private static final Color TARGET_LIGHT = new Color(0xf0, 0x8c, 0x8c);
    private static final Color[] PALETTE = {new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e),
            new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b),
            new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f), new Color(0xbc, 0xbd, 0x22),
            new Color(0x17, 0xbe, 0xcf)};
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
        if (sweep.points().stream().anyMatch(row -> spectrum(row).size() >= 2)) {
            charts.add(latencyDistribution(sweep));
        }
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
        ThreadAxis axis = ThreadAxis.of(rows);
        XYChart chart = xyChart(name(sweep) + ": throughput vs " + threadsAxis(sweep), axis.title(threadsAxis(sweep)),
                "requests per second");
        List<PointRow> withRaw = rows.stream().filter(row -> row.requestsPerSecond() != null).toList();
        if (!withRaw.isEmpty()) {
            style(chart.addSeries("wrk Requests/sec (errors too)", axis.x(withRaw),
                    values(withRaw, PointRow::requestsPerSecond)), RAW, SeriesLines.DASH_DASH, SeriesMarkers.DIAMOND);
        }
        List<PointRow> withGoodput = rows.stream().filter(row -> row.goodputPerSecond() != null).toList();
        if (!withGoodput.isEmpty()) {
            XYSeries goodput;
            if (withGoodput.stream().anyMatch(row -> row.goodputErrorPerSecond() != null)) {
                goodput = chart.addSeries("goodput: timely 2xx per second (99.9% CI bars)", axis.x(withGoodput),
                        values(withGoodput, PointRow::goodputPerSecond),
                        values(withGoodput, row -> row.goodputErrorPerSecond() == null ? 0.0 : row.goodputErrorPerSecond()));
            } else {
                goodput = chart.addSeries("goodput: timely 2xx per second", axis.x(withGoodput),
                        values(withGoodput, PointRow::goodputPerSecond));
            }
            style(goodput, GOODPUT, SeriesLines.SOLID, SeriesMarkers.CIRCLE);
            // Drawn over the goodput line's own markers: a green circle left showing is a point that serves the target.
            mark(chart, "over the p99 SLA or the error limit", axis, withGoodput.stream()
                    .filter(row -> !ReportBuilder.isWithinSla(row, p)).toList(), PointRow::goodputPerSecond, TARGET,
                    SeriesMarkers.DIAMOND);
            mark(chart, "within the SLA, below the target", axis, withGoodput.stream()
                    .filter(row -> ReportBuilder.isWithinSla(row, p) && row.goodputPerSecond() < p.targetRps())
                    .toList(), PointRow::goodputPerSecond, WRK, SeriesMarkers.TRIANGLE_DOWN);
        }
        ScalingModel model = sweep.scalingModel();
        if (model.fitted()) {
            double low = rows.get(0).threads();
            double high = rows.get(rows.size() - 1).threads();
            int steps = 60;
            double[] x = new double[steps + 1];
            double[] y = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                // Even steps along the axis as drawn, so the curve is as smooth on log2 as on linear.
                double threads = axis.log2() ? low * Math.pow(high / low, (double) i / steps)
                        : low + (high - low) * i / steps;
                x[i] = axis.x(threads);
                y[i] = model.predictPerSecond(threads);
            }
            style(chart.addSeries("USL model (fit to goodput within the SLA)", x, y), MODEL, SeriesLines.DOT_DOT,
                    SeriesMarkers.NONE);
        }
        double highest = rows.stream().mapToDouble(row -> Math.max(orZero(row.goodputPerSecond()),
                orZero(row.requestsPerSecond()))).max().orElse(0);
        List<String> offChart = new ArrayList<>();
        double top = highest;
        // The y axis fits the data: a reference line far above it would squash every point into the bottom.
        if (highest <= 0 || p.targetRps() <= TARGET_LINE_OVER_DATA * highest) {
            horizontal(chart, "target " + Numbers.perSecond(p.targetRps()), p.targetRps(), axis, TARGET,
                    SeriesLines.DASH_DASH);
            top = Math.max(top, p.targetRps());
        } else {
            offChart.add("target " + Numbers.perSecond(p.targetRps()) + " (" + Numbers.ratio(p.targetRps() / highest)
                    + " the highest point)");
        }
        double ceiling = p.littlesLawCeilingPerSecond();
        if (Double.isFinite(ceiling) && (highest <= 0 || ceiling <= CEILING_LINE_OVER_DATA * highest)) {
            horizontal(chart, "Little's law: " + Numbers.perSecond(ceiling), ceiling, axis, CEILING,
                    SeriesLines.DASH_DOT);
            top = Math.max(top, ceiling);
        } else if (Double.isFinite(ceiling)) {
            offChart.add("Little's-law ceiling " + Numbers.perSecond(ceiling) + " (" + Numbers.ratio(ceiling / highest)
                    + " the highest point)");
        }
        fitYAxis(chart, top);
        String above = offChart.isEmpty() ? "" : "Above the chart: " + String.join("; ", offChart) + ".";
        if (!above.isEmpty()) {
            note(chart, above, top);
        }
        boolean bars = withGoodput.stream().anyMatch(row -> row.goodputErrorPerSecond() != null);
        return new NamedChart(THROUGHPUT, chart.getTitle(), "Goodput (timely 2xx per second) against wrk's raw"
                + " Requests/sec, which counts errors too; a red diamond marks a point over the p99 SLA or the error"
                + " limit, an orange triangle one within them but below the target; the dashed lines are the target"
                + " and the Little's-law ceiling (connections / handler delay)."
                + (bars ? " Bars are 99.9% confidence intervals." : " One iteration per point: no error bars.")
                + (above.isEmpty() ? "" : " " + above), chart);
    }

    private static NamedChart latency(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        ThreadAxis axis = ThreadAxis.of(rows);
        boolean timeouts = rows.stream().anyMatch(row -> row.timeouts() > 0);
        XYChart chart = xyChart(name(sweep) + ": latency vs " + threadsAxis(sweep), axis.title(threadsAxis(sweep)),
                timeouts ? "latency (ms; timed-out requests not included)" : "latency (ms)");
        List<Function<PointRow, Double>> fields = List.of(PointRow::latencyP50Ms, PointRow::latencyP90Ms,
                PointRow::latencyP99Ms, PointRow::latencyMaxMs);
        List<String> names = List.of("p50", "p90", "p99", "max");
        boolean anyPercentile = rows.stream().anyMatch(row -> row.latencyP50Ms() != null || row.latencyP99Ms() != null);
        for (int i = 0; i < fields.size(); i++) {
            addIfAny(chart, names.get(i), rows, fields.get(i), LATENCY_COLORS[i], SeriesMarkers.CIRCLE, axis);
        }
        if (!anyPercentile) {
            addIfAny(chart, "average (wrk printed no percentiles)", rows, PointRow::latencyAvgMs, LATENCY_COLORS[4],
                    SeriesMarkers.SQUARE, axis);
        }
        horizontal(chart, "p99 SLA " + Numbers.millis(sweep.parameters().slaP99Ms()),
                sweep.parameters().slaP99Ms(), axis, TARGET, SeriesLines.DASH_DASH);
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(LATENCY, chart.getTitle(), "Latency percentiles per thread count, with the p99 SLA."
                + (timeouts ? " Requests slower than wrk's timeout are not in these figures." : ""), chart);
    }

    /**
     * Each point's whole latency distribution on a "nines" axis, as HdrHistogram plots it: x is 1/(1-p) on
     * a log scale, so 90%, 99%, 99.9% and 99.99% are evenly spaced and the tail gets the room the mean hides
     * it from. The slowest request sits one step past 99.99%.
     */
    private static NamedChart latencyDistribution(SweepReport sweep) {
        List<PointRow> rows = sweep.points().stream().filter(row -> spectrum(row).size() >= 2).toList();
        boolean timeouts = sweep.points().stream().anyMatch(row -> row.timeouts() > 0);
        XYChart chart = xyChart(name(sweep) + ": latency by percentile", "percentile (log scale of 1/(1-p))",
                timeouts ? "latency (ms; timed-out requests not included)" : "latency (ms)");
        chart.setCustomXAxisTickLabelsFormatter(ReportCharts::nines);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax((double) MAX_NINES);
        for (int i = 0; i < rows.size(); i++) {
            PointRow row = rows.get(i);
            List<double[]> points = spectrum(row);
            XYSeries series = chart.addSeries(Numbers.threads(row.threads()),
                    points.stream().mapToDouble(point -> point[0]).toArray(),
                    points.stream().mapToDouble(point -> point[1]).toArray());
            style(series, PALETTE[i % PALETTE.length], SeriesLines.SOLID, SeriesMarkers.CIRCLE);
        }
        XYSeries sla = chart.addSeries("p99 SLA " + Numbers.millis(sweep.parameters().slaP99Ms()),
                new double[]{0, MAX_NINES}, new double[]{sweep.parameters().slaP99Ms(), sweep.parameters().slaP99Ms()});
        style(sla, TARGET, SeriesLines.DASH_DASH, SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(LATENCY_DISTRIBUTION, chart.getTitle(), "Each thread count's latency at p50, p75, p90,"
                + " p99, p99.9 and p99.99 and its slowest request, on a \"nines\" axis (each step right is ten times"
                + " rarer), as HdrHistogram plots it; the dashed line is the p99 SLA. p99.9 and p99.99 come from"
                + " loadctl's wrk script." + (timeouts ? " Requests slower than wrk's timeout are not in these figures."
                : ""), chart);
    }

    /** A point's (x, latency) pairs on the nines axis, the percentiles it has in order, then its max. */
    static List<double[]> spectrum(PointRow row) {
        List<double[]> points = new ArrayList<>();
        Double[] values = {row.latencyP50Ms(), row.latencyP75Ms(), row.latencyP90Ms(), row.latencyP99Ms(),
                row.latencyP99_9Ms(), row.latencyP99_99Ms()};
        for (int i = 0; i < NINES.length; i++) {
            if (values[i] != null) {
                points.add(new double[]{NINES[i], values[i]});
            }
        }
        if (!points.isEmpty() && row.latencyMaxMs() != null) {
            points.add(new double[]{MAX_NINES, row.latencyMaxMs()});
        }
        return points;
    }

    /**
     * Tick labels of the nines axis: 0 is 0%, 1 is 90%, 2 is 99%, ..., and the last step is the max. Every
     * tick gets a label of its own, off the axis too: XChart widens the spacing until no two labels are the
     * same, and two blank ones never stop it.
     */
    static String nines(double x) {
        if (x < -1e-9 || x > MAX_NINES + 1e-9) {
            return String.format(Locale.ROOT, "(%.2f)", x);
        }
        if (Math.abs(x - MAX_NINES) < 1e-9) {
            return "max";
        }
        double percentile = 100 - 100 / Math.pow(10, x);
        if (Math.abs(x - Math.rint(x)) < 1e-9) {
            int nines = (int) Math.rint(x);
            return nines == 0 ? "0%" : nines <= 2 ? String.format(Locale.ROOT, "%.0f%%", percentile)
                    : "99." + "9".repeat(nines - 2) + "%";
        }
        return String.format(Locale.ROOT, "%." + Math.max(0, (int) Math.ceil(x) - 1) + "f%%", percentile);
    }

    /**
     * Bars per point: completed responses split by outcome (their stack is wrk's Requests/sec), and, where
     * a point had any, its socket errors, which wrk counts apart. An all-red first bar is "every response was
     * an error". Kinds that never happened are left out, bars and legend alike.
     */
    private static NamedChart errors(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        List<String> categories = new ArrayList<>();
        List<PointRow> columns = new ArrayList<>();
        List<Boolean> responses = new ArrayList<>();
        for (PointRow row : rows) {
            categories.add(String.valueOf(row.threads()));
            columns.add(row);
            responses.add(true);
            if (socketErrorsPerSecond(row.outcomes()) > 0) {
                categories.add(row.threads() + " sock.");
                columns.add(row);
                responses.add(false);
            }
        }
        List<Integer> allErrors = rows.stream().filter(PointRow::everyResponseAnError).map(PointRow::threads).toList();
        String title = allErrors.isEmpty() ? name(sweep) + ": outcomes per point"
                : "Outcomes: EVERY RESPONSE WAS AN ERROR (" + Numbers.threadList(allErrors) + ")";
        boolean socket = responses.contains(false);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(threadsAxis(sweep) + (socket ? ": completed responses by outcome; 'sock.': socket errors"
                        : ": completed responses by outcome"))
                .yAxisTitle("per second").build();
        axesStyle(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setYAxisMin(0.0);
        if (!allErrors.isEmpty()) {
            chart.getStyler().setChartTitleBoxVisible(true);
            chart.getStyler().setChartTitleBoxBackgroundColor(new Color(0xfd, 0xe0, 0xe0));
            chart.getStyler().setChartTitleBoxBorderColor(TARGET);
        }
        // Green is the only good part; every other colour is a kind of failure.
        outcome(chart, "timely 2xx (goodput)", categories, columns, responses, Outcomes::timely2xxPerSecond, true,
                GOODPUT);
        outcome(chart, "2xx after the timeout", categories, columns, responses, Outcomes::late2xxPerSecond, true,
                new Color(0xbc, 0xbd, 0x22));
        outcome(chart, "3xx", categories, columns, responses, Outcomes::status3xxPerSecond, true,
                new Color(0x17, 0xbe, 0xcf));
        outcome(chart, "4xx", categories, columns, responses, Outcomes::status4xxPerSecond, true, WRK);
        outcome(chart, "5xx", categories, columns, responses, Outcomes::status5xxPerSecond, true, TARGET);
        outcome(chart, "other status", categories, columns, responses, Outcomes::otherStatusPerSecond, true,
                new Color(0x8c, 0x56, 0x4b));
        outcome(chart, "status 400+ (wrk's non-2xx/3xx)", categories, columns, responses,
                Outcomes::statusOver399PerSecond, true, TARGET);
        outcome(chart, "late 2xx or 3xx (no status codes)", categories, columns, responses,
                Outcomes::unclassifiedPerSecond, true, new Color(0xbc, 0xbd, 0x22));
        outcome(chart, "timeouts", categories, columns, responses, Outcomes::timeoutsPerSecond, false, CEILING);
        outcome(chart, "connect errors", categories, columns, responses, Outcomes::connectErrorsPerSecond, false,
                new Color(0x44, 0x44, 0x44));
        outcome(chart, "read errors", categories, columns, responses, Outcomes::readErrorsPerSecond, false,
                new Color(0xe3, 0x77, 0xc2));
        outcome(chart, "write errors", categories, columns, responses, Outcomes::writeErrorsPerSecond, false,
                new Color(0xaa, 0xaa, 0xaa));
        if (chart.getSeriesMap().isEmpty()) {
            outcome(chart, "timely 2xx (goodput)", categories, columns, responses, Outcomes::timely2xxPerSecond, true,
                    GOODPUT, true);
        }
        return new NamedChart(ERRORS, title, "For each thread count, a bar splits wrk's completed responses by"
                + " outcome (only green is good)" + (socket ? "; where there were socket errors, which wrk counts"
                + " separately, a 'sock.' bar beside it shows them" : "") + ". Kinds that never happened are not"
                + " drawn.", chart);
    }

    private static double socketErrorsPerSecond(Outcomes outcomes) {
        return outcomes.timeoutsPerSecond() + outcomes.connectErrorsPerSecond() + outcomes.readErrorsPerSecond()
                + outcomes.writeErrorsPerSecond();
    }

    private static NamedChart cpu(SweepReport sweep) {
        List<PointRow> rows = sweep.points();
        ThreadAxis axis = ThreadAxis.of(rows);
        XYChart chart = xyChart(name(sweep) + ": CPU of the server and of wrk", axis.title(threadsAxis(sweep)),
                "CPU (cores; 1 = one core busy)");
        addIfAny(chart, "server", rows, PointRow::serverCores, SERVER, SeriesMarkers.CIRCLE, axis);
        addIfAny(chart, "wrk", rows, PointRow::wrkCores, WRK, SeriesMarkers.DIAMOND, axis);
        List<PointRow> both = rows.stream().filter(row -> row.serverCores() != null && row.wrkCores() != null).toList();
        if (!both.isEmpty()) {
            style(chart.addSeries("server + wrk", axis.x(both), values(both, ReportCharts::totalCores)), RAW,
                    SeriesLines.DOT_DOT, SeriesMarkers.NONE);
        }
        chart.getStyler().setMarkerSize(12);
        mark(chart, "wrk saturated: throughput is a lower bound", axis, rows.stream()
                .filter(row -> row.wrkSaturated() && row.wrkCores() != null).toList(), PointRow::wrkCores, TARGET,
                SeriesMarkers.CROSS);
        mark(chart, "CPU full: server + wrk use 90%+ of the cores", axis, both.stream()
                .filter(row -> row.verdict().contains(SweepReport.PointVerdict.CPU_FULL)).toList(),
                ReportCharts::totalCores, TARGET, SeriesMarkers.TRIANGLE_UP);
        Integer machineCores = rows.stream().map(PointRow::machineCores).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        if (machineCores != null) {
            horizontal(chart, "machine: " + machineCores + " cores, shared", machineCores, axis, RAW,
                    SeriesLines.DASH_DASH);
        }
        axis.apply(chart);
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(CPU, chart.getTitle(), "CPU used by the server and by wrk during the measured"
                + " window, and the two together; a red cross marks a point where wrk used all the CPU it can (its"
                + " numbers are a lower bound), a red triangle one where the two together filled the machine (they"
                + " compete for it, so the figures measure the shared machine as much as the server).", chart);
    }

    private static Double totalCores(PointRow row) {
        return row.serverCores() + row.wrkCores();
    }

    private static NamedChart compareGoodput(Report report) {
        List<SweepReport> sweeps = report.sweeps();
        ThreadAxis axis = ThreadAxis.of(sweeps.stream().flatMap(sweep -> sweep.points().stream()).toList());
        XYChart chart = xyChart("A vs B: goodput vs server threads", axis.title("server threads"),
                "timely 2xx per second");
        for (int i = 0; i < sweeps.size(); i++) {
            SweepReport sweep = sweeps.get(i);
            List<PointRow> rows = sweep.points().stream().filter(row -> row.goodputPerSecond() != null).toList();
            if (rows.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(sweep.title(), axis.x(rows), values(rows, PointRow::goodputPerSecond),
                    values(rows, row -> row.goodputErrorPerSecond() == null ? 0.0 : row.goodputErrorPerSecond()));
            style(series, i == 0 ? A : B, SeriesLines.SOLID, i == 0 ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        }
        for (SweepReport sweep : sweeps) {
            mark(chart, sweep.label() + " over the p99 SLA or the error limit", axis, sweep.points().stream()
                    .filter(row -> row.goodputPerSecond() != null && !ReportBuilder.isWithinSla(row, sweep.parameters()))
                    .toList(), PointRow::goodputPerSecond, "A".equals(sweep.label()) ? TARGET_LIGHT : TARGET,
                    SeriesMarkers.DIAMOND);
        }
        List<PointRow> all = sweeps.stream().flatMap(sweep -> sweep.points().stream()).toList();
        if (!all.isEmpty()) {
            horizontal(chart, "target " + Numbers.perSecond(report.main().parameters().targetRps()),
                    report.main().parameters().targetRps(), axis, TARGET, SeriesLines.DASH_DASH);
        }
        fitYAxis(chart, Math.max(report.main().parameters().targetRps(),
                all.stream().mapToDouble(row -> orZero(row.goodputPerSecond())).max().orElse(0)));
        return new NamedChart(COMPARE_GOODPUT, chart.getTitle(), "Goodput of A and B per thread count; a diamond"
                + " marks a point over its sweep's p99 SLA or error limit, which loses to a point within them.", chart);
    }

    private static NamedChart compareLatency(Report report) {
        List<SweepReport> sweeps = report.sweeps();
        ThreadAxis axis = ThreadAxis.of(sweeps.stream().flatMap(sweep -> sweep.points().stream()).toList());
        XYChart chart = xyChart("A vs B: p99 latency vs server threads", axis.title("server threads"),
                "p99 latency (ms)");
        for (int i = 0; i < sweeps.size(); i++) {
            addIfAny(chart, sweeps.get(i).title() + " p99", sweeps.get(i).points(), PointRow::latencyP99Ms,
                    i == 0 ? A : B, i == 0 ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE, axis);
        }
        List<PointRow> all = sweeps.stream().flatMap(sweep -> sweep.points().stream()).toList();
        if (!all.isEmpty()) {
            horizontal(chart, "p99 SLA " + Numbers.millis(report.main().parameters().slaP99Ms()),
                    report.main().parameters().slaP99Ms(), axis, TARGET, SeriesLines.DASH_DASH);
        }
        chart.getStyler().setYAxisMin(0.0);
        return new NamedChart(COMPARE_LATENCY, chart.getTitle(), "p99 latency of A and B per thread count.", chart);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * How thread counts lie along x. When they double (1, 2, 4, 8) a log2 axis gives each doubling the
     * same step, as the sweep took them; otherwise the axis is linear. Either way only whole thread counts
     * are labelled.
     */
    record ThreadAxis(boolean log2, double min, double max) {

        static ThreadAxis of(List<PointRow> rows) {
            List<Integer> threads = rows.stream().map(PointRow::threads).distinct().sorted().toList();
            double low = threads.isEmpty() ? 1 : threads.get(0);
            double high = threads.isEmpty() ? 1 : threads.get(threads.size() - 1);
            boolean doubling = threads.size() >= 3 && threads.stream().allMatch(n -> n > 0 && (n & (n - 1)) == 0);
            if (doubling) {
                double margin = 0.25;
                return new ThreadAxis(true, log(low) - margin, log(high) + margin);
            }
            double margin = Math.max(1, Math.ceil((high - low) * 0.05));
            return new ThreadAxis(false, Math.max(0, low - margin), high + margin);
        }

        /** Exact for whole powers of two (XChart's ticks loop on 2.9999999999999996), close enough between. */
        private static double log(double threads) {
            long whole = (long) threads;
            if (whole == threads && whole > 0 && (whole & (whole - 1)) == 0) {
                return Long.numberOfTrailingZeros(whole);
            }
            return Math.log(threads) / Math.log(2);
        }

        double x(double threads) {
            return log2 ? log(threads) : threads;
        }

        double[] x(List<PointRow> rows) {
            return rows.stream().mapToDouble(row -> x(row.threads())).toArray();
        }

        String title(String threads) {
            return log2 ? threads + " (log2 scale)" : threads;
        }

        /**
         * Whole thread counts only. XChart needs every tick's label to differ, the axis ends' included (two
         * alike and it draws no ticks at all, or widens them for ever), so a tick between whole counts gets
         * blanks of its own length: wide enough that XChart moves on to whole steps, never two the same.
         */
        String label(double x) {
            if (Math.abs(x - Math.rint(x)) > 1e-9) {
                return " ".repeat(1 + (int) Math.round(Math.abs(x - min) * 20));
            }
            double threads = log2 ? Math.pow(2, Math.rint(x)) : Math.rint(x);
            // Never two labels alike, off the axis too (see nines): XChart would widen the ticks for ever.
            return threads < 1 && log2 ? String.format(Locale.ROOT, "1/%.0f", 1 / threads)
                    : String.format(Locale.ROOT, "%.0f", threads);
        }

        void apply(XYChart chart) {
            chart.getStyler().setXAxisMin(min);
            chart.getStyler().setXAxisMax(max);
            chart.setCustomXAxisTickLabelsFormatter(this::label);
        }
    }

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
        // Thread counts are whole numbers: label only the whole ticks (a ThreadAxis relabels them).
        chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x - Math.rint(x)) < 1e-9
                ? String.format(Locale.ROOT, "%.0f", x) : " ".repeat(1 + (int) Math.round(Math.abs(x) * 20)));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setAnnotationTextPanelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setAnnotationTextPanelBackgroundColor(new Color(0xff, 0xf8, 0xe1));
        chart.getStyler().setAnnotationTextPanelBorderColor(new Color(0xe0, 0xa8, 0x00));
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
                                 Color color, org.knowm.xchart.style.markers.Marker marker, ThreadAxis axis) {
        List<PointRow> present = rows.stream().filter(row -> field.apply(row) != null).toList();
        if (!present.isEmpty()) {
            style(chart.addSeries(name, axis.x(present), values(present, field)), color, SeriesLines.SOLID, marker);
        }
    }

    /** Markers alone, over points drawn already, with their own legend entry; nothing when no row has one. */
    private static void mark(XYChart chart, String name, ThreadAxis axis, List<PointRow> rows,
                             Function<PointRow, Double> field, Color color,
                             org.knowm.xchart.style.markers.Marker marker) {
        if (rows.isEmpty()) {
            return;
        }
        XYSeries marks = chart.addSeries(name, axis.x(rows), values(rows, field));
        marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        marks.setMarker(marker);
        marks.setMarkerColor(color);
    }

    /** A reference line across the whole thread axis, which this also sets. */
    private static void horizontal(XYChart chart, String name, double value, ThreadAxis axis, Color color,
                                   BasicStroke line) {
        axis.apply(chart);
        XYSeries series = chart.addSeries(name, new double[]{axis.min(), axis.max()}, new double[]{value, value});
        style(series, color, line, SeriesMarkers.NONE);
    }

    /** A note inside the plot's top left, for what the y axis leaves out. */
    private static void note(XYChart chart, String text, double top) {
        double x = chart.getStyler().getXAxisMin() == null ? 0 : chart.getStyler().getXAxisMin();
        chart.addAnnotation(new AnnotationTextPanel(text, x, top * 1.03, false));
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

    /**
     * One kind of outcome across the bars: its value in each response bar (or each socket-error bar), zero in
     * the others. A kind that is zero everywhere is not drawn unless {@code always}.
     */
    private static void outcome(CategoryChart chart, String name, List<String> categories, List<PointRow> columns,
                                List<Boolean> responseBars, ToDoubleFunction<Outcomes> field, boolean responses,
                                Color color) {
        outcome(chart, name, categories, columns, responseBars, field, responses, color, false);
    }

    private static void outcome(CategoryChart chart, String name, List<String> categories, List<PointRow> columns,
                                List<Boolean> responseBars, ToDoubleFunction<Outcomes> field, boolean responses,
                                Color color, boolean always) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            values.add(responseBars.get(i) == responses ? field.applyAsDouble(columns.get(i).outcomes()) : 0.0);
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

    private static double[] values(List<PointRow> rows, Function<PointRow, Double> field) {
        return rows.stream().mapToDouble(row -> field.apply(row)).toArray();
    }
}
