package dev.loadctl.report;

import java.util.ArrayList;
import java.util.List;

/** Plain text for the terminal: the verdict first, then the table, the model, what was asked and where. */
final class TextFormat extends TextReportFormat {

    private static final String INDENT = "  ";

    @Override
    String render(Report report) {
        StringBuilder out = new StringBuilder();
        if (report.isComparison()) {
            Comparison comparison = report.comparison();
            out.append(ReportText.COMPARISON_HEADING).append('\n');
            if (!comparison.warnings().isEmpty()) {
                out.append(ReportText.COMPARISON_WARNING).append('\n');
                comparison.warnings().forEach(line -> out.append(INDENT).append("- ").append(line).append('\n'));
                out.append('\n');
            }
            for (SweepReport sweep : report.sweeps()) {
                out.append(sweep.label()).append(": ").append(sweep.verdict().headline()).append('\n');
            }
            out.append('\n').append("B against A, per thread count:\n");
            table(out, ReportText.COMPARISON_COLUMNS, comparison.rows());
            comparison.summary().forEach(line -> out.append(line).append('\n'));
            for (SweepReport sweep : report.sweeps()) {
                out.append("\n").append("=".repeat(72)).append('\n');
                sweep(out, sweep);
            }
        } else {
            sweep(out, report.main());
        }
        return out.toString();
    }

    private static void sweep(StringBuilder out, SweepReport sweep) {
        out.append(ReportText.heading(sweep)).append('\n');
        out.append(ReportText.subheading(sweep)).append('\n');
        sweep.caveats().forEach(caveat -> out.append("Note: ").append(caveat).append('\n'));
        out.append('\n');
        out.append(sweep.verdict().headline()).append('\n');
        sweep.verdict().reasons().forEach(reason -> out.append(INDENT).append("- ").append(reason.text()).append('\n'));
        out.append('\n');
        if (sweep.points().isEmpty()) {
            out.append("No points were measured.\n");
        } else {
            out.append("Points:\n");
            table(out, ReportText.pointColumns(sweep), sweep.points());
            out.append(ReportText.tableCaption(sweep)).append('\n');
        }
        list(out, "Point warnings", ReportText.pointWarnings(sweep));
        out.append('\n').append("Scaling model").append('\n');
        sweep.scalingModel().summary().forEach(line -> out.append(INDENT).append(line).append('\n'));
        pairs(out, "Asked", ReportText.parameters(sweep));
        pairs(out, "Environment", ReportText.environment(sweep));
        list(out, "Notes", sweep.notes());
    }

    static void list(StringBuilder out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append('\n');
        lines.forEach(line -> out.append(INDENT).append("- ").append(line).append('\n'));
    }

    static void pairs(StringBuilder out, String title, List<String[]> pairs) {
        out.append('\n').append(title).append('\n');
        int width = pairs.stream().mapToInt(pair -> pair[0].length()).max().orElse(0);
        for (String[] pair : pairs) {
            out.append(INDENT).append(pad(pair[0], width, false)).append("  ").append(pair[1]).append('\n');
        }
    }

    static <T> void table(StringBuilder out, List<ReportText.Column<T>> columns, List<T> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(ReportText.Column::header).toArray(String[]::new));
        for (T row : rows) {
            cells.add(columns.stream().map(column -> column.cell().apply(row)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder(INDENT);
            for (int i = 0; i < line.length; i++) {
                text.append(pad(line[i], widths[i], columns.get(i).numeric())).append(i + 1 < line.length ? "  " : "");
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }
}
