package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.result.RunName;
import dev.loadctl.result.SweepResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The words and table columns that the human-readable formats (text, Markdown, HTML) share. */
final class ReportText {

    /** A table column: header, cell text, and whether it holds numbers (right-aligned). */
    record Column<T>(String header, Function<T, String> cell, boolean numeric) {
    }

    static final List<Column<PointRow>> POINT_COLUMNS = List.of(
            new Column<>("threads", row -> String.valueOf(row.threads()), true),
            new Column<>("goodput", ReportText::goodput, true),
            new Column<>("wrk rate", row -> Numbers.perSecond(row.requestsPerSecond()), true),
            new Column<>("p50", row -> Numbers.millis(row.latencyP50Ms()), true),
            new Column<>("p90", row -> Numbers.millis(row.latencyP90Ms()), true),
            new Column<>("p99", row -> Numbers.millis(row.latencyP99Ms()), true),
            new Column<>("max", row -> Numbers.millis(row.latencyMaxMs()), true),
            new Column<>("errors", row -> Numbers.percent(row.errorRate()), true),
            new Column<>("timeouts", row -> Numbers.count(row.timeouts()), true),
            new Column<>("4xx/5xx", row -> Numbers.count(row.non2xx3xxResponses()), true),
            new Column<>("efficiency", row -> Numbers.percent(row.efficiency()), true),
            new Column<>("server cores", row -> Numbers.cores(row.serverCores()), true),
            new Column<>("wrk cores", row -> Numbers.cores(row.wrkCores()), true),
            new Column<>("verdict", row -> VerdictText.pointVerdict(row.verdict()), false));

    /** After "max": the server's own p99 and what the client waited beyond it (docs/report.md, "Queueing"). */
    private static final List<Column<PointRow>> SERVER_COLUMNS = List.of(
            new Column<>("server p99", row -> Numbers.millis(row.serverP99Ms()), true),
            new Column<>("queueing", row -> Numbers.millis(row.queueingMs()), true));

    /**
     * The points table's columns: {@link #POINT_COLUMNS}, with the server's p99 and queueing after "max" where
     * any point has them (the bundled server); other targets' tables stay as they were.
     */
    static List<Column<PointRow>> pointColumns(SweepReport sweep) {
        if (sweep.points().stream().allMatch(row -> row.serverP99Ms() == null)) {
            return POINT_COLUMNS;
        }
        List<Column<PointRow>> columns = new ArrayList<>(POINT_COLUMNS);
        int afterMax = columns.indexOf(columns.stream().filter(c -> c.header().equals("max")).findFirst()
                .orElseThrow()) + 1;
        columns.addAll(afterMax, SERVER_COLUMNS);
        return List.copyOf(columns);
    }

    static final List<Column<Comparison.Row>> COMPARISON_COLUMNS = List.of(
            new Column<>("threads", row -> String.valueOf(row.threads()), true),
            new Column<>("goodput A", row -> Numbers.perSecond(row.goodputAPerSecond()), true),
            new Column<>("goodput B", row -> Numbers.perSecond(row.goodputBPerSecond()), true),
            new Column<>("B/A", row -> Numbers.ratio(row.goodputRatio()), true),
            new Column<>("p99 A", row -> Numbers.millis(row.p99AMs()), true),
            new Column<>("p99 B", row -> Numbers.millis(row.p99BMs()), true),
            new Column<>("p99 change", row -> row.p99ChangeMs() == null ? Numbers.MISSING
                    : (row.p99ChangeMs() > 0 ? "+" : "") + Numbers.millis(row.p99ChangeMs()), true),
            new Column<>("better", Comparison.Row::better, false),
            new Column<>("why", Comparison.Row::why, false));

    static final String COMPARISON_HEADING = "loadctl report: comparing A and B";
    /** Leads the comparison's warnings, before anything else is said about A and B. */
    static final String COMPARISON_WARNING = "Warning: A and B differ in more than the server, so their figures are"
            + " not like for like; a difference below may come from any of these:";

    private ReportText() {
    }

    /** Mean goodput, with the ± half-width when there were iterations to estimate it from. */
    static String goodput(PointRow row) {
        return Numbers.perSecond(row.goodputPerSecond(), row.goodputErrorPerSecond());
    }

    /**
     * What the points table's figures are. The +/- is a 99.9% Student-t half-width, which one iteration does
     * not have: then the caption says there are no error bars rather than promising them.
     */
    static String tableCaption(SweepReport sweep) {
        boolean bars = sweep.points().stream().anyMatch(row -> row.goodputErrorPerSecond() != null);
        boolean single = sweep.points().stream().anyMatch(row -> row.goodputErrorPerSecond() == null);
        String goodput = "Goodput = timely 2xx per second";
        if (bars) {
            goodput += ", +/- the 99.9% confidence half-width over the point's iterations"
                    + (single ? " (points measured once have none)" : "");
        } else {
            goodput += "; each point was measured once (n = 1), so there are no error bars: --iterations 3 or more"
                    + " gives a 99.9% confidence interval";
        }
        return goodput + ". Efficiency = goodput / Little's-law ceiling.";
    }

    /** The heading: what was reported, and the flags it was run with over its profile. */
    static String heading(SweepReport sweep) {
        return "loadctl report: " + RunName.describe(sweep.title(), sweep.parameters().overrides());
    }

    static String subheading(SweepReport sweep) {
        List<String> parts = new ArrayList<>();
        parts.add(sweep.source());
        parts.add(sweep.kind());
        if (sweep.startedAt() != null) {
            parts.add("started " + sweep.startedAt());
        }
        parts.add(sweep.completeness());
        return String.join(", ", parts);
    }

    /** What was asked, label and value. */
    static List<String[]> parameters(SweepReport sweep) {
        SweepReport.Parameters p = sweep.parameters();
        List<String[]> pairs = new ArrayList<>();
        pairs.add(pair("Target", Numbers.perSecond(p.targetRps()) + " of timely 2xx, p99 within "
                + Numbers.millis(p.slaP99Ms()) + ", at most " + Numbers.percent(p.maxErrorRate()) + " errors"));
        pairs.add(pair("Connections", Numbers.count(p.connections()) + " with a " + Numbers.millis(p.delayMs())
                + " handler: Little's-law ceiling " + Numbers.perSecond(p.littlesLawCeilingPerSecond())
                + " (the target needs at least " + Numbers.count(p.connectionsForTarget()) + " connections)"));
        pairs.add(pair("Threads", (p.threadsPlanned().isEmpty() ? Numbers.MISSING
                : p.threadsPlanned().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                + (SweepReport.WRK_THREADS.equals(sweep.threadsAre()) ? " (wrk -t; the server's threads were not recorded)"
                : p.wrkThreads() == null ? " (wrk -t the same)" : " (wrk -t " + p.wrkThreads() + ")")));
        pairs.add(pair("Duration", String.format(Locale.ROOT, "%.0f s", p.durationSeconds()) + " x "
                + p.iterations() + " iteration" + (p.iterations() == 1 ? "" : "s")));
        if (p.url() != null) {
            pairs.add(pair("URL", p.url()));
        }
        if (p.target() != null && !SweepReport.KIND_SINGLE_RUNS.equals(p.target())) {
            pairs.add(pair("Server", p.target()));
        }
        if (!p.overrides().isEmpty()) {
            pairs.add(pair("Flags", RunName.flags(p.overrides()) + " (over the profile '" + sweep.profile() + "')"));
        }
        pairs.add(pair("Sweep", sweep.completeness()));
        return pairs;
    }

    /** Where it ran; "not recorded" for single runs, which carry no environment. */
    static List<String[]> environment(SweepReport sweep) {
        return environment(sweep.environment());
    }

    /** Where a run of any kind ran (a capacity search's too). */
    static List<String[]> environment(SweepResult.Environment e) {
        List<String[]> pairs = new ArrayList<>();
        if (e == null) {
            pairs.add(pair("Environment", "not recorded (single wrk runs carry none)"));
            return pairs;
        }
        pairs.add(pair("CPU", orMissing(e.cpuModel()) + " (" + e.cpuCount() + " cores, shared by wrk and the server)"));
        pairs.add(pair("OS", orMissing(e.os()) + " " + orMissing(e.kernel())));
        pairs.add(pair("Java", orMissing(e.java())));
        pairs.add(pair("wrk", orMissing(e.wrkVersion())));
        pairs.add(pair("loadctl", orMissing(e.loadctlVersion())));
        pairs.add(pair("Open files", "soft " + orMissing(e.openFilesSoft()) + ", hard " + orMissing(e.openFilesHard())));
        pairs.add(pair("somaxconn", orMissing(e.somaxconn()) + " (tcp_max_syn_backlog "
                + orMissing(e.tcpMaxSynBacklog()) + ")"));
        pairs.add(pair("Ports", orMissing(e.ephemeralPortRange())));
        return pairs;
    }

    /** Point warnings recorded by the sweep, each with its thread count. */
    static List<String> pointWarnings(SweepReport sweep) {
        List<String> lines = new ArrayList<>();
        for (PointRow row : sweep.points()) {
            row.warnings().forEach(warning -> lines.add(Numbers.threads(row.threads()) + ": " + warning));
        }
        return lines;
    }

    private static String[] pair(String label, String value) {
        return new String[]{label, value};
    }

    private static String orMissing(Object value) {
        return value == null ? Numbers.MISSING : String.valueOf(value);
    }
}
