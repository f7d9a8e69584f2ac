package dev.loadctl.report;

import dev.loadctl.result.ResultStore;

/** The computed report as JSON (verdict first), with the same mapper and units-in-names as result.json. */
final class JsonFormat extends TextReportFormat {

    static final String FILE = "report.json";
    static final String COMPARISON_FILE = "compare.json";

    @Override
    String fileName(Report report) {
        return report.isComparison() ? COMPARISON_FILE : FILE;
    }

    @Override
    String render(Report report) {
        return ResultStore.toJson(report);
    }
}
