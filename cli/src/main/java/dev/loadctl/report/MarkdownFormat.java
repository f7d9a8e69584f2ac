package dev.loadctl.report;

import java.util.List;

/** A table and the verdict, ready to paste into a README or an issue. */
final class MarkdownFormat extends TextReportFormat {

    @Override
    String render(Report report) {
        StringBuilder out = new StringBuilder();
        if (report.isComparison()) {
            Comparison comparison = report.comparison();
            out.append("## ").append(ReportText.COMPARISON_HEADING).append("\n\n");
            if (!comparison.warnings().isEmpty()) {
                out.append("> **").append(escape(ReportText.COMPARISON_WARNING)).append("**\n>\n");
                comparison.warnings().forEach(line -> out.append("> - ").append(escape(line)).append('\n'));
                out.append('\n');
            }
            for (SweepReport sweep : report.sweeps()) {
                out.append("- **").append(escape(sweep.label())).append("**: ")
                        .append(escape(sweep.verdict().headline())).append('\n');
            }
            out.append("\n### B against A, per thread count\n\n");
            table(out, ReportText.COMPARISON_COLUMNS, comparison.rows());
            out.append('\n');
            comparison.summary().forEach(line -> out.append(escape(line)).append("\n"));
            report.sweeps().forEach(sweep -> sweep(out, sweep, "###"));
        } else {
            sweep(out, report.main(), "##");
        }
        return out.toString();
    }

    private static void sweep(StringBuilder out, SweepReport sweep, String level) {
        if (!out.isEmpty()) {
            out.append('\n');
        }
        out.append(level).append(' ').append(escape(ReportText.heading(sweep))).append("\n\n");
        out.append('_').append(escape(ReportText.subheading(sweep))).append("_\n\n");
        sweep.caveats().forEach(caveat -> out.append("> **Note:** ").append(escape(caveat)).append("\n\n"));
        out.append(boldStatus(sweep.verdict())).append('\n');
        if (!sweep.verdict().reasons().isEmpty()) {
            out.append('\n');
            sweep.verdict().reasons().forEach(reason -> out.append("- ").append(escape(reason.text())).append('\n'));
        }
        out.append('\n');
        if (sweep.points().isEmpty()) {
            out.append("No points were measured.\n");
        } else {
            table(out, ReportText.pointColumns(sweep), sweep.points());
            out.append('\n').append(escape(ReportText.tableCaption(sweep))).append('\n');
        }
        bullets(out, "Point warnings", ReportText.pointWarnings(sweep));
        bullets(out, "Scaling model", sweep.scalingModel().summary());
        out.append("\n**Asked**\n\n");
        ReportText.parameters(sweep).forEach(pair -> out.append("- ").append(escape(pair[0])).append(": ")
                .append(escape(pair[1])).append('\n'));
        out.append("\n**Environment**\n\n");
        ReportText.environment(sweep).forEach(pair -> out.append("- ").append(escape(pair[0])).append(": ")
                .append(escape(pair[1])).append('\n'));
        bullets(out, "Notes", sweep.notes());
    }

    /** The headline with its leading REACHED / NOT REACHED in bold. */
    private static String boldStatus(SweepReport.Verdict verdict) {
        String headline = verdict.headline();
        String status = verdict.status();
        if (headline.startsWith(status)) {
            return "**" + status + "**" + escape(headline.substring(status.length()));
        }
        return "**" + escape(status) + "**: " + escape(headline);
    }

    private static void bullets(StringBuilder out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append("\n**").append(title).append("**\n\n");
        lines.forEach(line -> out.append("- ").append(escape(line)).append('\n'));
    }

    static <T> void table(StringBuilder out, List<ReportText.Column<T>> columns, List<T> rows) {
        out.append('|');
        columns.forEach(column -> out.append(' ').append(escape(column.header())).append(" |"));
        out.append("\n|");
        columns.forEach(column -> out.append(column.numeric() ? "---:|" : "---|"));
        out.append('\n');
        for (T row : rows) {
            out.append('|');
            columns.forEach(column -> out.append(' ').append(escape(column.cell().apply(row))).append(" |"));
            out.append('\n');
        }
    }

    /**
     * Text from results (profile names, URLs, warnings) must not turn into Markdown or HTML when pasted:
     * backslash-escape the punctuation that starts either (CommonMark shows an escaped character as itself).
     * An underscore inside a word (tcp_max_syn_backlog) cannot start emphasis, so it stays as it is.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                boolean inWord = i > 0 && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i - 1))
                        && Character.isLetterOrDigit(text.charAt(i + 1));
                out.append(inWord ? "_" : "\\_");
                continue;
            }
            switch (c) {
                case '\\', '`', '*', '[', ']', '|', '<', '>', '&' -> out.append('\\').append(c);
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
