package dev.loadctl.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The charts as a format: each drawn once, as PNG and SVG files beside the result. The HTML page embeds
 * these same pictures (it is given this format), so a report that writes both draws every chart once.
 */
final class ChartsFormat implements ReportFormat {

    /** One chart, encoded: what the files hold and what the HTML page shows. */
    record DrawnChart(String fileStem, String title, String caption, byte[] png, byte[] svg) {
    }

    private Report drawnFor;
    private List<DrawnChart> drawn;

    /** The report's charts, drawn on the first call for a report and kept for the next. */
    synchronized List<DrawnChart> charts(Report report) {
        if (report != drawnFor) {
            List<DrawnChart> charts = new ArrayList<>();
            for (ReportCharts.NamedChart chart : ReportCharts.draw(report)) {
                charts.add(new DrawnChart(chart.fileStem(), chart.title(), chart.caption(), ReportCharts.png(chart),
                        ReportCharts.svg(chart)));
            }
            drawn = List.copyOf(charts);
            drawnFor = report;
        }
        return drawn;
    }

    @Override
    public List<File> files(Report report) {
        List<File> files = new ArrayList<>();
        for (DrawnChart chart : charts(report)) {
            files.add(new File(chart.fileStem() + ".png", chart.png()));
            files.add(new File(chart.fileStem() + ".svg", chart.svg()));
        }
        return List.copyOf(files);
    }
}
