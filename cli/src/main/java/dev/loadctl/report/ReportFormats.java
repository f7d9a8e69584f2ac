package dev.loadctl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The report formats, created by kind; their implementations are package-private. */
public final class ReportFormats {

    public enum Kind {
        /** Plain text for the terminal (the default). */
        TEXT,
        /** A table and the verdict, ready to paste into a README or issue. */
        MARKDOWN,
        /** One row per point, beside the result. */
        CSV,
        /** The computed report, beside the result. */
        JSON,
        /** A self-contained index.html with the charts embedded, beside the result. */
        HTML,
        /** The charts as PNG and SVG files, beside the result. */
        CHARTS
    }

    private ReportFormats() {
    }

    public static ReportFormat of(Kind kind) {
        return of(Set.of(kind)).get(0);
    }

    /**
     * The formats of {@code kinds}, in the enum's order. HTML embeds the charts that CHARTS writes: the two
     * share one {@link ChartsFormat}, so each chart is drawn once.
     */
    public static List<ReportFormat> of(Set<Kind> kinds) {
        ChartsFormat charts = new ChartsFormat();
        List<ReportFormat> formats = new ArrayList<>();
        for (Kind kind : new TreeSet<>(kinds)) {
            formats.add(switch (kind) {
                case TEXT -> new TextFormat();
                case MARKDOWN -> new MarkdownFormat();
                case CSV -> new CsvFormat();
                case JSON -> new JsonFormat();
                case HTML -> new HtmlFormat(charts);
                case CHARTS -> charts;
            });
        }
        return formats;
    }

    /** A text format's whole text, for tests and callers that want the string. */
    static String render(Kind kind, Report report) {
        if (!(of(kind) instanceof TextReportFormat text)) {
            throw new IllegalArgumentException(kind + " is not a text format");
        }
        return text.render(report);
    }
}
