package dev.loadctl.report;

import dev.loadctl.Numbers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loadctl.report.SweepReport.PointRow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One row per point (per thread count when comparing), machine-readable: '.' decimals, no grouping,
 * units in the column names, empty cells for values that were not measured. The verdict and the
 * environment come first, as '#' comment lines (pandas: {@code read_csv(path, comment='#')}).
 */
final class CsvFormat extends TextReportFormat {

    static final String FILE = "report.csv";
    static final String COMPARISON_FILE = "compare.csv";

    record Column<T>(String name, Function<T, String> value) {
    }

    private static final List<Column<PointRow>> POINT_COLUMNS = List.of(
            new Column<>("threads", row -> String.valueOf(row.threads())),
            new Column<>("wrk_threads", row -> String.valueOf(row.wrkThreads())),
            new Column<>("iterations", row -> String.valueOf(row.iterations())),
            new Column<>("goodput_per_second", row -> Numbers.plain(row.goodputPerSecond(), 2)),
            new Column<>("goodput_error_per_second", row -> Numbers.plain(row.goodputErrorPerSecond(), 2)),
            new Column<>("goodput_estimated", row -> String.valueOf(row.goodputEstimated())),
            new Column<>("requests_per_second", row -> Numbers.plain(row.requestsPerSecond(), 2)),
            new Column<>("latency_avg_ms", row -> Numbers.plain(row.latencyAvgMs(), 3)),
            new Column<>("latency_p50_ms", row -> Numbers.plain(row.latencyP50Ms(), 3)),
            new Column<>("latency_p90_ms", row -> Numbers.plain(row.latencyP90Ms(), 3)),
            new Column<>("latency_p99_ms", row -> Numbers.plain(row.latencyP99Ms(), 3)),
            new Column<>("latency_max_ms", row -> Numbers.plain(row.latencyMaxMs(), 3)),
            // Always there, empty for targets without server-side figures: a CSV's columns do not depend on its rows.
            new Column<>("server_p99_ms", row -> Numbers.plain(row.serverP99Ms(), 3)),
            new Column<>("queueing_ms", row -> Numbers.plain(row.queueingMs(), 3)),
            new Column<>("error_rate", row -> Numbers.plain(row.errorRate(), 6)),
            new Column<>("requests", row -> String.valueOf(row.requests())),
            new Column<>("timeouts", row -> String.valueOf(row.timeouts())),
            new Column<>("connect_errors", row -> String.valueOf(row.connectErrors())),
            new Column<>("read_errors", row -> String.valueOf(row.readErrors())),
            new Column<>("write_errors", row -> String.valueOf(row.writeErrors())),
            new Column<>("non2xx3xx_responses", row -> String.valueOf(row.non2xx3xxResponses())),
            new Column<>("status_2xx", row -> row.statusClasses() == null ? "" : String.valueOf(row.statusClasses().status2xx())),
            new Column<>("status_3xx", row -> row.statusClasses() == null ? "" : String.valueOf(row.statusClasses().status3xx())),
            new Column<>("status_4xx", row -> row.statusClasses() == null ? "" : String.valueOf(row.statusClasses().status4xx())),
            new Column<>("status_5xx", row -> row.statusClasses() == null ? "" : String.valueOf(row.statusClasses().status5xx())),
            new Column<>("littles_law_ceiling_per_second", row -> Numbers.plain(row.littlesLawCeilingPerSecond(), 2)),
            new Column<>("efficiency", row -> Numbers.plain(row.efficiency(), 6)),
            new Column<>("server_cores", row -> Numbers.plain(row.serverCores(), 3)),
            new Column<>("wrk_cores", row -> Numbers.plain(row.wrkCores(), 3)),
            new Column<>("wrk_saturated", row -> String.valueOf(row.wrkSaturated())),
            new Column<>("meets_target", row -> String.valueOf(row.meetsTarget())),
            new Column<>("every_response_an_error", row -> String.valueOf(row.everyResponseAnError())),
            new Column<>("verdict", row -> row.verdict().stream().map(SweepReport.PointVerdict::json)
                    .collect(Collectors.joining(";"))),
            new Column<>("warnings", row -> String.join("; ", row.warnings())));

    private static final List<Column<Comparison.Row>> COMPARISON_COLUMNS = List.of(
            new Column<>("threads", row -> String.valueOf(row.threads())),
            new Column<>("goodput_a_per_second", row -> Numbers.plain(row.goodputAPerSecond(), 2)),
            new Column<>("goodput_b_per_second", row -> Numbers.plain(row.goodputBPerSecond(), 2)),
            new Column<>("goodput_ratio_b_over_a", row -> Numbers.plain(row.goodputRatio(), 4)),
            new Column<>("latency_p99_a_ms", row -> Numbers.plain(row.p99AMs(), 3)),
            new Column<>("latency_p99_b_ms", row -> Numbers.plain(row.p99BMs(), 3)),
            new Column<>("latency_p99_change_ms", row -> Numbers.plain(row.p99ChangeMs(), 3)),
            new Column<>("better", Comparison.Row::better),
            new Column<>("why", Comparison.Row::why));

    @Override
    String fileName(Report report) {
        return report.isComparison() ? COMPARISON_FILE : FILE;
    }

    @Override
    String render(Report report) {
        StringBuilder out = new StringBuilder();
        if (report.isComparison() && !report.comparison().warnings().isEmpty()) {
            comment(out, ReportText.COMPARISON_WARNING);
            report.comparison().warnings().forEach(line -> comment(out, "- " + line));
        }
        for (SweepReport sweep : report.sweeps()) {
            comment(out, ReportText.heading(sweep) + " ("
                    + sweep.source() + ", " + sweep.completeness() + ")");
            sweep.caveats().forEach(caveat -> comment(out, "Note: " + caveat));
            comment(out, sweep.verdict().headline());
            sweep.verdict().reasons().forEach(reason -> comment(out, "- " + reason.text()));
            ReportText.environment(sweep).forEach(pair -> comment(out, pair[0] + ": " + pair[1]));
        }
        if (report.isComparison()) {
            report.comparison().summary().forEach(line -> comment(out, line));
            out.append(table(COMPARISON_COLUMNS, report.comparison().rows()));
        } else {
            out.append(table(POINT_COLUMNS, report.main().points()));
        }
        return out.toString();
    }

    private static void comment(StringBuilder out, String line) {
        out.append("# ").append(line.replace('\n', ' ').replace('\r', ' ')).append('\n');
    }

    static <T> String table(List<Column<T>> columns, List<T> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
        columns.forEach(column -> schema.addColumn(column.name()));
        List<List<String>> cells = new ArrayList<>();
        for (T row : rows) {
            cells.add(columns.stream().map(column -> column.value().apply(row)).toList());
        }
        try {
            // Strict checking quotes only the cells that need it, however long (Jackson's default quotes
            // every string over 24 characters without looking).
            return CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build()
                    .writer(schema.build()).writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the CSV report", e);
        }
    }
}
