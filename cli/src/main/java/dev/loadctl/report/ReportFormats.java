package dev.loadctl.report;

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
        HTML
    }

    private ReportFormats() {
    }

    public static ReportFormat of(Kind kind) {
        return switch (kind) {
            case TEXT -> new TextFormat();
            case MARKDOWN -> new MarkdownFormat();
            case CSV -> new CsvFormat();
            case JSON -> new JsonFormat();
            case HTML -> new HtmlFormat();
        };
    }
}
