package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.report.CapacityReport.Parameters;
import dev.loadctl.report.CapacityReport.ProbeRow;
import dev.loadctl.report.CapacityReport.ThreadCapacity;
import dev.loadctl.result.RunName;
import dev.loadctl.result.SweepResult.PreflightCheck;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A capacity report as text, Markdown, CSV and a self-contained HTML page. The verdict comes first in every
 * one; each renders the same computed {@link CapacityReport} and computes nothing of its own.
 */
final class CapacityFormats {

    private static final String INDENT = "  ";

    static final List<ReportText.Column<ThreadCapacity>> THREAD_COLUMNS = List.of(
            new ReportText.Column<>("threads", row -> String.valueOf(row.threads()), true),
            new ReportText.Column<>("capacity 2xx/s", CapacityFormats::capacity, true),
            new ReportText.Column<>("status", ThreadCapacity::status, false),
            new ReportText.Column<>("connections", row -> row.connections() == null ? "-"
                    : Numbers.count(row.connections()), true),
            new ReportText.Column<>("p50 ms", row -> Numbers.ms(row.latencyP50Ms()), true),
            new ReportText.Column<>("p99 ms", row -> Numbers.ms(row.latencyP99Ms()), true),
            new ReportText.Column<>("errors", row -> Numbers.percent(row.errorRate()), true),
            new ReportText.Column<>("server cores", row -> Numbers.cores(row.serverCores()), true),
            new ReportText.Column<>("wrk cores", row -> Numbers.cores(row.wrkCores()), true),
            new ReportText.Column<>("probes", row -> String.valueOf(row.probes()), true),
            new ReportText.Column<>("stopped by", CapacityFormats::stoppedBy, false));

    static final List<ReportText.Column<ProbeRow>> PROBE_COLUMNS = List.of(
            new ReportText.Column<>("#", row -> String.valueOf(row.index()), true),
            new ReportText.Column<>("threads", row -> String.valueOf(row.threads()), true),
            new ReportText.Column<>("connections", row -> Numbers.count(row.connections()), true),
            new ReportText.Column<>("role", row -> row.role() + (row.step() == null || row.step().equals(row.role())
                    ? "" : " (" + row.step() + ")"), false),
            new ReportText.Column<>("goodput/s", row -> Numbers.rate(row.goodputPerSecond())
                    + (row.goodputErrorPerSecond() == null ? "" : " +/- " + Numbers.rate(row.goodputErrorPerSecond())),
                    true),
            new ReportText.Column<>("p50 ms", row -> Numbers.ms(row.latencyP50Ms()), true),
            new ReportText.Column<>("p99 ms", row -> Numbers.ms(row.latencyP99Ms()), true),
            new ReportText.Column<>("errors", row -> Numbers.percent(row.errorRate()), true),
            new ReportText.Column<>("server cores", row -> Numbers.cores(row.serverCores()), true),
            new ReportText.Column<>("wrk cores", row -> Numbers.cores(row.wrkCores()), true),
            new ReportText.Column<>("SLA", row -> (row.passed() ? "pass" : "FAIL: " + row.cause())
                    + (row.pooled() == null ? "" : "; " + row.pooled().runs() + " runs pooled: "
                    + (row.pooled().passed() ? "pass" : "FAIL") + " (p99 " + Numbers.millis(row.pooled().p99Ms()) + ")")
                    + (row.chosen() ? " (capacity)" : ""), false));

    private static final List<CsvFormat.Column<ProbeRow>> CSV_COLUMNS = List.of(
            new CsvFormat.Column<>("index", row -> String.valueOf(row.index())),
            new CsvFormat.Column<>("threads", row -> String.valueOf(row.threads())),
            new CsvFormat.Column<>("connections", row -> String.valueOf(row.connections())),
            new CsvFormat.Column<>("role", ProbeRow::role),
            new CsvFormat.Column<>("step", row -> row.step() == null ? "" : row.step()),
            new CsvFormat.Column<>("iterations", row -> String.valueOf(row.iterations())),
            new CsvFormat.Column<>("goodput_per_second", row -> Numbers.plain(row.goodputPerSecond(), 2)),
            new CsvFormat.Column<>("goodput_error_per_second", row -> Numbers.plain(row.goodputErrorPerSecond(), 2)),
            new CsvFormat.Column<>("latency_p50_ms", row -> Numbers.plain(row.latencyP50Ms(), 3)),
            new CsvFormat.Column<>("latency_p99_ms", row -> Numbers.plain(row.latencyP99Ms(), 3)),
            new CsvFormat.Column<>("error_rate", row -> Numbers.plain(row.errorRate(), 6)),
            new CsvFormat.Column<>("server_cores", row -> Numbers.plain(row.serverCores(), 3)),
            new CsvFormat.Column<>("wrk_cores", row -> Numbers.plain(row.wrkCores(), 3)),
            new CsvFormat.Column<>("wrk_saturated", row -> String.valueOf(row.wrkSaturated())),
            new CsvFormat.Column<>("littles_law_ceiling_per_second",
                    row -> Numbers.plain(row.littlesLawCeilingPerSecond(), 2)),
            new CsvFormat.Column<>("passed", row -> String.valueOf(row.passed())),
            new CsvFormat.Column<>("cause", row -> row.cause() == null ? "" : row.cause()),
            new CsvFormat.Column<>("findings", row -> row.findings() == null ? "" : row.findings()),
            new CsvFormat.Column<>("capacity", row -> String.valueOf(row.chosen())),
            new CsvFormat.Column<>("decision", row -> row.decision() == null ? "" : row.decision()),
            new CsvFormat.Column<>("pooled_passed", row -> row.pooled() == null ? ""
                    : String.valueOf(row.pooled().passed())),
            new CsvFormat.Column<>("pooled_latency_p99_ms", row -> row.pooled() == null ? ""
                    : Numbers.plain(row.pooled().p99Ms(), 3)));

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
            .answer{border:2px solid;border-radius:6px;padding:.8rem 1.2rem;margin:1rem 0}
            .yes{background:#e8f6e8;border-color:#2ca02c}.no{background:#fdecec;border-color:#d62728}
            table{border-collapse:collapse;font-size:.88rem}th,td{border:1px solid #ddd;padding:.25rem .5rem}
            th{background:#f4f4f4}td.n{text-align:right;white-space:nowrap}tr.pick{background:#eef9ee}
            tr.fail td:last-child{color:#a31d1e}img{max-width:100%;height:auto}figcaption{color:#555}
            """;

    private CapacityFormats() {
    }

    // ---------------------------------------------------------------------------------------------- text

    static String text(CapacityReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.verdict().headline()).append('\n');
        report.verdict().reasons().forEach(reason -> out.append(INDENT).append("- ").append(reason.text())
                .append('\n'));
        out.append('\n').append(heading(report)).append('\n').append(subheading(report)).append("\n\n");
        out.append("Capacity per thread count (the most timely 2xx/s whose run met the SLA; +/- the 99.9%"
                + " half-width of the final runs):\n");
        TextFormat.table(out, THREAD_COLUMNS, report.threads());
        // NOT REACHED already gives them, as its reasons.
        TextFormat.list(out, "Why the search stopped", report.verdict().reached() ? stops(report) : List.of());
        out.append('\n').append("Scaling model").append('\n');
        report.scalingModel().summary().forEach(line -> out.append(INDENT).append(line).append('\n'));
        out.append('\n').append("Probes (every point of the search, judged again from its runs):\n");
        TextFormat.table(out, PROBE_COLUMNS, report.probes());
        TextFormat.pairs(out, "Asked", asked(report));
        if (report.environment() != null) {
            TextFormat.pairs(out, "Environment", ReportText.environment(report.environment()));
        }
        TextFormat.list(out, "Preflight", preflight(report));
        TextFormat.list(out, "Notes", report.notes());
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------ markdown

    static String markdown(CapacityReport report) {
        StringBuilder out = new StringBuilder();
        String headline = report.verdict().headline();
        String status = report.verdict().status();
        out.append("## ").append(MarkdownFormat.escape(heading(report))).append("\n\n");
        out.append("**").append(status).append("**")
                .append(MarkdownFormat.escape(headline.startsWith(status) ? headline.substring(status.length())
                        : ": " + headline)).append("\n\n");
        report.verdict().reasons().forEach(reason -> out.append("- ").append(MarkdownFormat.escape(reason.text()))
                .append('\n'));
        out.append('\n').append(MarkdownFormat.escape(subheading(report))).append("\n\n");
        MarkdownFormat.table(out, THREAD_COLUMNS, report.threads());
        if (report.verdict().reached()) {
            out.append("\n**Why the search stopped**\n\n");
            stops(report).forEach(line -> out.append("- ").append(MarkdownFormat.escape(line)).append('\n'));
        }
        out.append("\n**Scaling model**\n\n");
        report.scalingModel().summary().forEach(line -> out.append(MarkdownFormat.escape(line)).append(' '));
        out.append("\n\n**Probes**\n\n");
        MarkdownFormat.table(out, PROBE_COLUMNS, report.probes());
        return out.toString();
    }

    // ----------------------------------------------------------------------------------------------- csv

    static String csv(CapacityReport report) {
        StringBuilder out = new StringBuilder();
        List<String> comments = new ArrayList<>();
        comments.add(heading(report) + " (" + subheading(report) + ")");
        comments.add(report.verdict().headline());
        report.verdict().reasons().forEach(reason -> comments.add("- " + reason.text()));
        report.threads().forEach(row -> comments.add(Numbers.threads(row.threads()) + ": " + row.status()
                + (row.capacityPerSecond() == null ? "" : " capacity " + capacity(row) + " 2xx/s at "
                + Numbers.count(row.connections()) + " connections")));
        comments.forEach(line -> out.append("# ").append(line.replace('\n', ' ').replace('\r', ' ')).append('\n'));
        out.append(CsvFormat.table(CSV_COLUMNS, report.probes()));
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------- html

    static String html(CapacityReport report, List<CapacityCharts.Drawn> charts) {
        StringBuilder out = new StringBuilder();
        String title = heading(report);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(HtmlFormat.escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(HtmlFormat.escape(title)).append("</h1>\n<p>")
                .append(HtmlFormat.escape(subheading(report))).append("</p>\n");
        out.append("<section class=\"answer ").append(report.verdict().reached() ? "yes" : "no").append("\">\n<h2>")
                .append(HtmlFormat.escape(report.verdict().headline())).append("</h2>\n");
        htmlList(out, report.verdict().reasons().stream().map(CapacityReport.Reason::text).toList());
        out.append("</section>\n<h2>Capacity per thread count</h2>\n");
        htmlTable(out, THREAD_COLUMNS, report.threads(), row -> row.meetsTarget() ? "pick" : "");
        if (report.verdict().reached()) {
            out.append("<h3>Why the search stopped</h3>\n");
            htmlList(out, stops(report));
        }
        if (!charts.isEmpty()) {
            out.append("<h2>Charts</h2>\n");
        }
        for (CapacityCharts.Drawn chart : charts) {
            out.append("<figure>\n<img width=\"").append(CapacityCharts.WIDTH).append("\" height=\"")
                    .append(CapacityCharts.HEIGHT).append("\" alt=\"").append(HtmlFormat.escape(chart.title()))
                    .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(chart.png()))
                    .append("\">\n<figcaption>").append(HtmlFormat.escape(chart.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
        out.append("<h2>Scaling model</h2>\n");
        report.scalingModel().summary().forEach(line -> out.append("<p>").append(HtmlFormat.escape(line))
                .append("</p>\n"));
        out.append("<h2>Probes</h2>\n");
        htmlTable(out, PROBE_COLUMNS, report.probes(), row -> row.chosen() ? "pick" : row.passed() ? "" : "fail");
        out.append("<h2>Asked</h2>\n");
        htmlPairs(out, asked(report));
        if (report.environment() != null) {
            out.append("<h2>Environment</h2>\n");
            htmlPairs(out, ReportText.environment(report.environment()));
        }
        if (!preflight(report).isEmpty()) {
            out.append("<h2>Preflight</h2>\n");
            htmlList(out, preflight(report));
        }
        if (!report.notes().isEmpty()) {
            out.append("<h2>Notes</h2>\n");
            htmlList(out, report.notes());
        }
        out.append("<p><small>loadctl ").append(HtmlFormat.escape(report.loadctlVersion()))
                .append(", from saved results only</small></p>\n</body>\n</html>\n");
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------- shared

    static String heading(CapacityReport report) {
        return "loadctl capacity report: " + RunName.describe(report.profile() == null ? "capacity" : report.profile(),
                report.parameters().overrides());
    }

    private static String subheading(CapacityReport report) {
        List<String> parts = new ArrayList<>();
        parts.add(report.source());
        if (report.startedAt() != null) {
            parts.add("started " + report.startedAt());
        }
        parts.add(report.completeness());
        return String.join(", ", parts);
    }

    private static String capacity(ThreadCapacity row) {
        if (row.capacityPerSecond() == null) {
            return "-";
        }
        return Numbers.rate(row.capacityPerSecond()) + (row.capacityErrorPerSecond() == null ? ""
                : " +/- " + Numbers.rate(row.capacityErrorPerSecond()));
    }

    private static String stoppedBy(ThreadCapacity row) {
        CapacityReport.Reason stop = row.stop();
        return stop == null ? "-" : stop.cause() == null ? stop.stop() : stop.stop() + ": " + stop.cause();
    }

    private static List<String> stops(CapacityReport report) {
        return report.threads().stream().map(row -> Numbers.threads(row.threads()) + ": " + row.stop().text())
                .toList();
    }

    private static List<String> preflight(CapacityReport report) {
        return report.preflight().stream().filter(check -> !"ok".equals(check.status()))
                .map(CapacityFormats::preflightLine).toList();
    }

    private static String preflightLine(PreflightCheck check) {
        return check.status() + " " + check.name() + ": " + check.message()
                + (check.fix() == null ? "" : " (fix: " + check.fix() + ")");
    }

    static List<String[]> asked(CapacityReport report) {
        Parameters p = report.parameters();
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[]{"Target", Numbers.rate(p.targetRps()) + " req/s of timely 2xx within the SLA: p99"
                + " at most " + Numbers.ms(p.slaP99Ms()) + " ms, errors at most " + Numbers.percent(p.maxErrorRate())
                + ", the load generator not saturated"});
        pairs.add(new String[]{"Threads", p.threadsPlanned().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + (p.wrkThreads() == null ? " (wrk -t the same)"
                : " (wrk -t " + p.wrkThreads() + ")")});
        pairs.add(new String[]{"Search", String.format(Locale.ROOT, "from %s connections (Little's law: %s for the"
                        + " target with a %s ms handler, x %.2f), x %.2f while probes pass, bisected until within %s;"
                        + " at most %s connections (%s)", Numbers.count(p.startConnections()),
                Numbers.count(p.connectionsForTarget()), Numbers.ms(p.delayMs()), p.headroom(), p.growthFactor(),
                Numbers.percent(p.resolution()), Numbers.count(p.connectionLimit()), p.connectionLimitText())});
        String serverWarmup = p.serverWarmupSeconds() == null ? ""
                : "a fresh server warmed " + seconds(p.serverWarmupSeconds()) + " s at each thread count; ";
        pairs.add(new String[]{"Runs", String.format(Locale.ROOT, "%sprobes %s s warm-up + %s s; a failure that"
                        + " decides re-probed for %s s; the capacity measured %d x %s s", serverWarmup,
                seconds(p.probeWarmupSeconds()), seconds(p.probeDurationSeconds()),
                seconds(p.confirmDurationSeconds()), p.confirmIterations(), seconds(p.confirmDurationSeconds()))});
        if (p.url() != null) {
            pairs.add(new String[]{"URL", p.url()});
        }
        if (p.target() != null) {
            pairs.add(new String[]{"Server", p.target()});
        }
        return pairs;
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? String.format(Locale.ROOT, "%.0f", seconds)
                : String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static <T> void htmlTable(StringBuilder out, List<ReportText.Column<T>> columns, List<T> rows,
                                      java.util.function.Function<T, String> rowClass) {
        out.append("<table>\n<tr>");
        columns.forEach(column -> out.append("<th>").append(HtmlFormat.escape(column.header())).append("</th>"));
        out.append("</tr>\n");
        for (T row : rows) {
            String css = rowClass.apply(row);
            out.append(css.isEmpty() ? "<tr>" : "<tr class=\"" + css + "\">");
            columns.forEach(column -> out.append(column.numeric() ? "<td class=\"n\">" : "<td>")
                    .append(HtmlFormat.escape(column.cell().apply(row))).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private static void htmlList(StringBuilder out, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append("<ul>\n");
        lines.forEach(line -> out.append("<li>").append(HtmlFormat.escape(line)).append("</li>\n"));
        out.append("</ul>\n");
    }

    private static void htmlPairs(StringBuilder out, List<String[]> pairs) {
        out.append("<table>\n");
        pairs.forEach(pair -> out.append("<tr><th>").append(HtmlFormat.escape(pair[0])).append("</th><td>")
                .append(HtmlFormat.escape(pair[1])).append("</td></tr>\n"));
        out.append("</table>\n");
    }
}
