package dev.loadctl.report;

import java.util.Base64;
import java.util.List;

/**
 * A self-contained index.html: styles inline, charts embedded as base64 PNG, no scripts, nothing fetched.
 * Every string that comes from a result (profile names, URLs, warnings, environment) is HTML-escaped.
 */
final class HtmlFormat extends TextReportFormat {

    static final String FILE = "index.html";
    static final String COMPARISON_FILE = "compare.html";

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;\
            max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
            .sub{color:#666;margin-top:0}
            .differ{background:#fff4e5;border:2px solid #e0a800;border-radius:6px;padding:.5rem 1.25rem;margin:1rem 0}
            .caveat{background:#fff8e1;border-left:4px solid #e0a800;padding:.5rem .8rem;margin:.6rem 0}
            .verdict{border-radius:6px;padding:1rem 1.25rem;margin:1.25rem 0;border:2px solid}
            .verdict h2{border:none;margin:0 0 .4rem 0;font-size:1.5rem}
            .reached{background:#e8f6e8;border-color:#2ca02c}.reached h2{color:#1d6b1d}
            .not-reached{background:#fdecec;border-color:#d62728}.not-reached h2{color:#a31d1e}
            .wide{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0}
            th,td{border:1px solid #ddd;padding:.2rem .35rem}th{background:#f4f4f4}
            td.words{min-width:8.5rem}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tr.meets{background:#eef9ee}tr.all-errors{background:#fdf0f0}
            figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#555;font-size:.9rem}
            dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
            .ok{color:#1d6b1d}.warn{color:#9a6700}.fail{color:#a31d1e}
            footer{margin-top:3rem;color:#888;font-size:.8rem}
            """;

    private final ChartsFormat charts;

    /** @param charts the charts this page embeds, drawn once for it and for their own files */
    HtmlFormat(ChartsFormat charts) {
        this.charts = charts;
    }

    @Override
    String fileName(Report report) {
        return report.isComparison() ? COMPARISON_FILE : FILE;
    }

    @Override
    String render(Report report) {
        StringBuilder out = new StringBuilder();
        String title = report.isComparison() ? ReportText.COMPARISON_HEADING
                : ReportText.heading(report.main());
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(escape(title)).append("</h1>\n");
        if (report.isComparison()) {
            if (!report.comparison().warnings().isEmpty()) {
                out.append("<section class=\"differ\">\n<p><strong>").append(escape(ReportText.COMPARISON_WARNING))
                        .append("</strong></p>\n");
                list(out, report.comparison().warnings());
                out.append("</section>\n");
            }
            for (SweepReport sweep : report.sweeps()) {
                verdict(out, sweep, sweep.label() + ": ");
            }
            out.append("<h2>B against A, per thread count</h2>\n");
            table(out, ReportText.COMPARISON_COLUMNS, report.comparison().rows(), row -> "");
            paragraphs(out, report.comparison().summary());
            charts(out, report);
            for (SweepReport sweep : report.sweeps()) {
                out.append("<h2>").append(escape(ReportText.heading(sweep))).append("</h2>\n");
                caveats(out, sweep);
                points(out, sweep);
                details(out, sweep);
            }
        } else {
            SweepReport sweep = report.main();
            out.append("<p class=\"sub\">").append(escape(ReportText.subheading(sweep))).append("</p>\n");
            caveats(out, sweep);
            verdict(out, sweep, "");
            points(out, sweep);
            charts(out, report);
            details(out, sweep);
        }
        out.append("<footer>loadctl ").append(escape(report.loadctlVersion()))
                .append(" &middot; built from saved results only</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void caveats(StringBuilder out, SweepReport sweep) {
        sweep.caveats().forEach(caveat -> out.append("<p class=\"caveat\"><strong>Note:</strong> ")
                .append(escape(caveat)).append("</p>\n"));
    }

    private static void verdict(StringBuilder out, SweepReport sweep, String prefix) {
        SweepReport.Verdict verdict = sweep.verdict();
        // "REACHED at 4 threads: goodput 20,450/s ..." becomes a heading and a sentence.
        String headline = verdict.headline();
        int colon = headline.indexOf(": ");
        String heading = colon < 0 ? verdict.status() : headline.substring(0, colon);
        String sentence = colon < 0 ? headline : headline.substring(colon + 2);
        out.append("<section class=\"verdict ").append(verdict.reached() ? "reached" : "not-reached").append("\">\n")
                .append("<h2>").append(escape(prefix + heading)).append("</h2>\n")
                .append("<p>").append(escape(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1)))
                .append("</p>\n");
        if (!verdict.reasons().isEmpty()) {
            out.append("<ul>\n");
            verdict.reasons().forEach(reason -> out.append("<li>").append(escape(reason.text())).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static void points(StringBuilder out, SweepReport sweep) {
        out.append("<h3>Points</h3>\n");
        if (sweep.points().isEmpty()) {
            out.append("<p>No points were measured.</p>\n");
        } else {
            table(out, ReportText.pointColumns(sweep), sweep.points(),
                    row -> row.meetsTarget() ? "meets" : row.everyResponseAnError() ? "all-errors" : "");
            out.append("<p class=\"sub\">").append(escape(ReportText.tableCaption(sweep))).append("</p>\n");
        }
    }

    private static void details(StringBuilder out, SweepReport sweep) {
        List<String> warnings = ReportText.pointWarnings(sweep);
        if (!warnings.isEmpty()) {
            out.append("<h3>Point warnings</h3>\n");
            list(out, warnings);
        }
        out.append("<h3>Scaling model</h3>\n");
        paragraphs(out, sweep.scalingModel().summary());
        out.append("<h3>Asked</h3>\n");
        definitions(out, ReportText.parameters(sweep));
        out.append("<h3>Environment</h3>\n");
        definitions(out, ReportText.environment(sweep));
        if (!sweep.preflight().isEmpty()) {
            out.append("<h3>Preflight</h3>\n<ul>\n");
            sweep.preflight().forEach(check -> out.append("<li><span class=\"")
                    .append(statusClass(check.status())).append("\">").append(escape(check.status()))
                    .append("</span> ").append(escape(check.name())).append(": ").append(escape(check.message()))
                    .append(check.fix() == null ? "" : " &mdash; fix: " + escape(check.fix())).append("</li>\n"));
            out.append("</ul>\n");
        }
        if (!sweep.notes().isEmpty()) {
            out.append("<h3>Notes</h3>\n");
            list(out, sweep.notes());
        }
    }

    private void charts(StringBuilder out, Report report) {
        List<ChartsFormat.DrawnChart> drawn = charts.charts(report);
        if (drawn.isEmpty()) {
            return;
        }
        out.append("<h2>Charts</h2>\n");
        for (ChartsFormat.DrawnChart chart : drawn) {
            out.append("<figure>\n<img width=\"").append(ReportCharts.WIDTH).append("\" height=\"")
                    .append(ReportCharts.HEIGHT).append("\" alt=\"").append(escape(chart.title()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(chart.png())).append("\">\n")
                    .append("<figcaption>").append(escape(chart.caption())).append("</figcaption>\n</figure>\n");
        }
    }

    private static <T> void table(StringBuilder out, List<ReportText.Column<T>> columns, List<T> rows,
                                  java.util.function.Function<T, String> rowClass) {
        // A wide table scrolls inside the page rather than running off its edge.
        out.append("<div class=\"wide\"><table>\n<thead><tr>");
        columns.forEach(column -> out.append("<th>").append(escape(column.header())).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (T row : rows) {
            String css = rowClass.apply(row);
            out.append(css.isEmpty() ? "<tr>" : "<tr class=\"" + css + "\">");
            for (ReportText.Column<T> column : columns) {
                out.append(column.numeric() ? "<td class=\"num\">" : "<td class=\"words\">")
                        .append(escape(column.cell().apply(row))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }

    private static void definitions(StringBuilder out, List<String[]> pairs) {
        out.append("<dl>\n");
        pairs.forEach(pair -> out.append("<dt>").append(escape(pair[0])).append("</dt><dd>").append(escape(pair[1]))
                .append("</dd>\n"));
        out.append("</dl>\n");
    }

    private static void paragraphs(StringBuilder out, List<String> lines) {
        lines.forEach(line -> out.append("<p>").append(escape(line)).append("</p>\n"));
    }

    private static void list(StringBuilder out, List<String> lines) {
        out.append("<ul>\n");
        lines.forEach(line -> out.append("<li>").append(escape(line)).append("</li>\n"));
        out.append("</ul>\n");
    }

    private static String statusClass(String status) {
        return switch (status == null ? "" : status) {
            case "ok" -> "ok";
            case "warn" -> "warn";
            default -> "fail";
        };
    }

    /** HTML-escapes text for element content and quoted attribute values alike. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
