package dev.loadctl.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A format whose output is one text: printed, or written to its one file. */
abstract class TextReportFormat implements ReportFormat {

    /** The whole text of the format. */
    abstract String render(Report report);

    /** The file written beside the result, or null when the text goes to standard output. */
    String fileName(Report report) {
        return null;
    }

    @Override
    public final String printed(Report report) {
        return fileName(report) == null ? render(report) : null;
    }

    @Override
    public final List<File> files(Report report) {
        String name = fileName(report);
        return name == null ? List.of() : List.of(new File(name, render(report).getBytes(StandardCharsets.UTF_8)));
    }
}
