package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.report.CapacityReport.ProbeRow;
import dev.loadctl.report.CapacityReport.ThreadCapacity;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A capacity report's charts, drawn with XChart from the computed {@link CapacityReport}: capacity against
 * threads with the target (the headline chart), and for each thread count the latency-throughput curve of every
 * probe (p99 and p50 against goodput: the "hockey stick"), with the SLA, passing and failing probes drawn
 * apart and the capacity marked. Headless; PNG for the HTML page, SVG beside it.
 */
final class CapacityCharts {

    static {
        // Drawn on servers and in CI: no display, as for every chart of the report.
        System.setProperty("java.awt.headless", "true");
    }

    /** The size of the sweep report's charts, so both kinds of report look alike. */
    static final int WIDTH = ReportCharts.WIDTH;
    static final int HEIGHT = ReportCharts.HEIGHT;
    static final String CAPACITY = "capacity";

    private static final Color PASS = new Color(0x2c, 0xa0, 0x2c);
    private static final Color FAIL = new Color(0xd6, 0x27, 0x28);
    private static final Color UNCONFIRMED = new Color(0xff, 0x7f, 0x0e);
    private static final Color MODEL = new Color(0x1f, 0x77, 0xb4);
    private static final Color MEDIAN = new Color(0x7f, 0x7f, 0x7f);
    private static final Color CHOSEN = new Color(0x1f, 0x3a, 0x93);

    /**
     * @param fileStem file name without extension
     * @param caption  one sentence under the chart in HTML
     */
    record Drawn(String fileStem, String title, String caption, XYChart chart) {

        byte[] png() {
            try {
                return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot draw " + fileStem + ".png", e);
            }
        }

        byte[] svg() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot draw " + fileStem + ".svg", e);
            }
            return out.toByteArray();
        }
    }

    private CapacityCharts() {
    }

    static List<Drawn> draw(CapacityReport report) {
        List<Drawn> charts = new ArrayList<>();
        if (report.probes().isEmpty()) {
            return charts;
        }
        charts.add(capacity(report));
        for (ThreadCapacity threads : report.threads()) {
            List<ProbeRow> probes = report.probes().stream()
                    .filter(row -> row.threads() == threads.threads() && row.latencyP99Ms() != null
                            && row.goodputPerSecond() != null).toList();
            if (!probes.isEmpty()) {
                charts.add(latencyAgainstGoodput(report, threads, probes));
            }
        }
        return charts;
    }

    /** File stem of a thread count's latency-throughput chart: {@code latency-goodput-2-threads}. */
    static String latencyStem(int threads) {
        return "latency-goodput-" + threads + (threads == 1 ? "-thread" : "-threads");
    }

    // ------------------------------------------------------------------------------------------ capacity

    private static Drawn capacity(CapacityReport report) {
        List<ThreadCapacity> rows = report.threads().stream()
                .filter(row -> !CapacityReport.NOT_SEARCHED.equals(row.status())).toList();
        boolean log2 = rows.stream().allMatch(row -> Integer.bitCount(row.threads()) == 1) && rows.size() > 1;
        Function<Integer, Double> x = threads -> log2 ? Math.log(threads) / Math.log(2) : threads;
        String axis = log2 ? "server threads (log2 scale)" : "server threads";
        double target = report.parameters().targetRps();
        XYChart chart = chart(name(report) + ": capacity vs threads (target " + Numbers.rate(target) + "/s)", axis,
                "timely 2xx per second within the SLA");

        List<ThreadCapacity> confirmed = rows.stream()
                .filter(row -> CapacityReport.CONFIRMED.equals(row.status())).toList();
        if (!confirmed.isEmpty()) {
            double[] xs = confirmed.stream().mapToDouble(row -> x.apply(row.threads())).toArray();
            double[] ys = confirmed.stream().mapToDouble(ThreadCapacity::capacityPerSecond).toArray();
            XYSeries series = confirmed.stream().anyMatch(row -> row.capacityErrorPerSecond() != null)
                    ? chart.addSeries("capacity (final runs, 99.9% CI)", xs, ys, confirmed.stream()
                    .mapToDouble(row -> Objects.requireNonNullElse(row.capacityErrorPerSecond(), 0.0)).toArray())
                    : chart.addSeries("capacity (final run)", xs, ys);
            ReportCharts.style(series, PASS, SeriesLines.SOLID, SeriesMarkers.CIRCLE);
        }
        scatter(chart, "best probe, not confirmed", rows.stream()
                        .filter(row -> CapacityReport.UNCONFIRMED.equals(row.status())).toList(),
                row -> x.apply(row.threads()), ThreadCapacity::capacityPerSecond, UNCONFIRMED, SeriesMarkers.DIAMOND);
        scatter(chart, "no load met the SLA", rows.stream()
                        .filter(row -> CapacityReport.NONE.equals(row.status())).toList(),
                row -> x.apply(row.threads()), row -> 0.0, FAIL, SeriesMarkers.CROSS);

        double low = rows.stream().mapToDouble(row -> x.apply(row.threads())).min().orElse(0);
        double high = rows.stream().mapToDouble(row -> x.apply(row.threads())).max().orElse(1);
        // XChart draws a custom formatter's ticks only when the axis' two ends get different labels: a log2
        // axis ends at the outer thread counts themselves (the plot's padding keeps their markers whole), a
        // linear one at whole numbers around them.
        double margin = log2 ? 0 : Math.max(1, Math.ceil((high - low) * 0.05));
        double[] range = {Math.max(log2 ? low : 0, low - margin), high + margin};
        chart.getStyler().setXAxisMin(range[0]);
        chart.getStyler().setXAxisMax(range[1]);
        chart.setCustomXAxisTickLabelsFormatter(value -> Math.abs(value - Math.rint(value)) < 1e-9
                ? String.format(Locale.ROOT, "%.0f", log2 ? Math.pow(2, value) : value) : "");
        ScalingModel model = report.scalingModel();
        if (model.fitted()) {
            int steps = 60;
            double[] xs = new double[steps + 1];
            double[] ys = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                xs[i] = low + (high - low) * i / steps;
                ys[i] = model.predictPerSecond(log2 ? Math.pow(2, xs[i]) : xs[i]);
            }
            ReportCharts.style(chart.addSeries("USL fit to the capacities", xs, ys), MODEL, SeriesLines.DOT_DOT,
                    SeriesMarkers.NONE);
        }
        ReportCharts.style(chart.addSeries("target " + Numbers.rate(target) + "/s", range,
                new double[]{target, target}), FAIL, SeriesLines.DASH_DASH, SeriesMarkers.NONE);
        double highest = Math.max(target, rows.stream()
                .mapToDouble(row -> Objects.requireNonNullElse(row.capacityPerSecond(), 0.0)).max().orElse(0));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(highest * 1.15);
        return new Drawn(CAPACITY, chart.getTitle(), "The capacity at each thread count: the most timely 2xx/s whose"
                + " run met the SLA (p99, errors, an unsaturated load generator), measured again by the final runs;"
                + " the dashed line is the target.", chart);
    }

    // ------------------------------------------------------------------------------- latency vs goodput

    private static Drawn latencyAgainstGoodput(CapacityReport report, ThreadCapacity threads, List<ProbeRow> probes) {
        double sla = report.parameters().slaP99Ms();
        XYChart chart = chart(name(report) + ", " + Numbers.threads(threads.threads())
                + ": latency against goodput, every probe", "timely 2xx per second", "latency (ms)");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        // The curve through the probes in order of connections, each connection count once (its probes averaged).
        Map<Integer, List<ProbeRow>> byConnections = new TreeMap<>();
        probes.forEach(row -> byConnections.computeIfAbsent(row.connections(), c -> new ArrayList<>()).add(row));
        ReportCharts.style(chart.addSeries("p99 by connections", byConnections.values().stream()
                        .mapToDouble(rows -> average(rows, ProbeRow::goodputPerSecond)).toArray(),
                        byConnections.values().stream().mapToDouble(rows -> average(rows, ProbeRow::latencyP99Ms))
                                .toArray()),
                new Color(0xbb, 0xbb, 0xbb), SeriesLines.SOLID, SeriesMarkers.NONE);
        scatter(chart, "p99, met the SLA", probes.stream().filter(ProbeRow::passed).toList(),
                ProbeRow::goodputPerSecond, ProbeRow::latencyP99Ms, PASS, SeriesMarkers.CIRCLE);
        scatter(chart, "p99, failed the SLA", probes.stream().filter(row -> !row.passed()).toList(),
                ProbeRow::goodputPerSecond, ProbeRow::latencyP99Ms, FAIL, SeriesMarkers.CROSS);
        scatter(chart, "p50", probes.stream().filter(row -> row.latencyP50Ms() != null).toList(),
                ProbeRow::goodputPerSecond, ProbeRow::latencyP50Ms, MEDIAN, SeriesMarkers.SQUARE);
        List<ProbeRow> chosen = probes.stream().filter(ProbeRow::chosen).toList();
        if (!chosen.isEmpty()) {
            scatter(chart, "capacity: " + Numbers.rate(chosen.get(0).goodputPerSecond()) + "/s at "
                            + Numbers.count(chosen.get(0).connections()) + " connections", chosen,
                    ProbeRow::goodputPerSecond, ProbeRow::latencyP99Ms, CHOSEN, SeriesMarkers.DIAMOND);
        }
        double most = probes.stream().mapToDouble(ProbeRow::goodputPerSecond).max().orElse(1) * 1.08;
        ReportCharts.style(chart.addSeries("p99 SLA " + Numbers.ms(sla) + " ms", new double[]{0, Math.max(1, most)},
                new double[]{sla, sla}), FAIL, SeriesLines.DASH_DASH, SeriesMarkers.NONE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(Math.max(1, most));
        chart.getStyler().setYAxisMin(0.0);
        return new Drawn(latencyStem(threads.threads()), chart.getTitle(), "Each probe at "
                + Numbers.threads(threads.threads()) + ": p99 (green when it met the SLA, a red cross when it did"
                + " not) and p50 against goodput. Goodput grows with connections until the server is full; then"
                + " only latency grows. The diamond is the capacity.", chart);
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** Styled as the sweep report's charts are. */
    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        ReportCharts.axesStyle(chart.getStyler());
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return chart;
    }

    private static <T> void scatter(XYChart chart, String name, List<T> rows, Function<T, Double> x,
                                    Function<T, Double> y, Color color, Marker marker) {
        if (rows.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, rows.stream().mapToDouble(x::apply).toArray(),
                rows.stream().mapToDouble(y::apply).toArray());
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(color);
    }

    private static double average(List<ProbeRow> rows, Function<ProbeRow, Double> value) {
        return rows.stream().mapToDouble(value::apply).average().orElse(0);
    }

    private static String name(CapacityReport report) {
        return report.profile() == null ? "capacity" : report.profile();
    }
}
