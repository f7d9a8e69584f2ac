package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.Messages;
import dev.loadctl.report.BenchReport.Comparison;
import dev.loadctl.report.BenchReport.GoalCheck;
import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReport.RunPoint;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.Rules;
import dev.loadctl.result.RunName;
import dev.loadctl.result.BenchSetup.TargetStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A bench's table, from its result alone ({@link BenchReports}): per connection count and thread count, each target's goodput,
 * latency, errors, CPU and start-up, with the subject ÷ target ratios; then skipped targets, failed runs
 * and the goals. As plain text for the terminal and as Markdown for docs/benchmarks.md.
 */
public final class BenchTable {

    private static final String NONE = "-";

    private BenchTable() {
    }

    public static String text(BenchReport bench) {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = rows(bench);
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // The target name reads best left-aligned; figures right-aligned.
                String cell = i == TARGET_COLUMN ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(ceilings(bench)).append('\n');
        notes(bench).forEach(note -> out.append(note).append('\n'));
        if (!bench.goals().isEmpty()) {
            out.append("goals:\n");
            for (GoalCheck goal : bench.goals()) {
                out.append(format("  %-13s %s: %s%n", goal.status(), goal.name(), goal.criteria()));
                goal.detail().forEach(detail -> out.append("                 ").append(detail).append('\n'));
            }
            out.append(BenchGoals.summary(bench.goals())).append('\n');
        }
        return out.toString();
    }

    public static String markdown(BenchReport bench) {
        StringBuilder out = new StringBuilder();
        BenchReport.BenchParameters parameters = bench.parameters();
        out.append(format("### loadctl bench '%s', %s%n%n", RunName.describe(bench.profile(),
                parameters.overrides()), bench.startedAt()));
        out.append(format("wrk -t%d (%s) -d%s after a %s warm-up, %d iteration(s) per point, --timeout %s, %s,"
                        + " %s handler delay; ratios are %s ÷ the target.", parameters.wrkThreads(),
                parameters.wrkThreadsRule(), seconds(parameters.durationSeconds()),
                seconds(parameters.warmupSeconds()), parameters.iterations(), seconds(parameters.timeoutSeconds()),
                !parameters.lua() ? "plain wrk (no script)" : parameters.stagger()
                        ? "the bundled script, first requests staggered" : "the bundled script, no staggered start",
                millis(parameters.delayMs()), parameters.subject()));
        if (bench.environment() != null) {
            out.append(format(" Machine: %s, %d cores, %s, %s.", bench.environment().cpuModel(),
                    bench.environment().cpuCount(), bench.environment().kernel(), bench.environment().wrkVersion()));
        }
        out.append(bench.complete() ? "\n\n" : format(" **Incomplete:** %s.%n%n", bench.stopReason()));
        List<String[]> rows = rows(bench);
        for (int r = 0; r < rows.size(); r++) {
            out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
            if (r == 0) {
                out.append("|").append("---|".repeat(rows.get(0).length)).append('\n');
            }
        }
        out.append('\n').append(ceilings(bench)).append('\n');
        notes(bench).forEach(note -> out.append("\n").append(note).append('\n'));
        if (!bench.goals().isEmpty()) {
            out.append("\nGoals:\n\n");
            for (GoalCheck goal : bench.goals()) {
                out.append(format("- **%s**: %s (%s)%n", goal.status(), goal.name(), goal.criteria()));
                goal.detail().forEach(detail -> out.append("  - ").append(detail).append('\n'));
            }
            out.append('\n').append(BenchGoals.summary(bench.goals())).append('\n');
        }
        return out.toString();
    }

    private static final int TARGET_COLUMN = 2;

    private static List<String[]> rows(BenchReport bench) {
        String subject = bench.parameters().subject();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"-c", "threads", "target", "goodput/s", "efficiency", "p50 ms", "p99 ms", "max ms",
                "errors", "server CPU", "wrk CPU", "loadctl CPU", "ready s", "first 2xx s",
                subject + "/target goodput", subject + "/target p99"});
        List<String> order = bench.targets().stream().map(TargetStatus::name).toList();
        for (int connections : new TreeSet<>(bench.runs().stream().map(Run::connections).toList())) {
            TreeSet<Integer> threadCounts = new TreeSet<>();
            bench.runs().stream().filter(run -> run.connections() == connections)
                    .forEach(run -> run.points().forEach(point -> threadCounts.add(point.threads())));
            for (int threads : threadCounts) {
                bench.runs().stream().filter(run -> run.connections() == connections)
                        .sorted(Comparator.comparingInt(run -> order.indexOf(run.target())))
                        .forEach(run -> run.points().stream().filter(point -> point.threads() == threads).findFirst()
                                .ifPresent(point -> rows.add(row(bench, run, point))));
            }
        }
        return rows;
    }

    private static String[] row(BenchReport bench, Run run, RunPoint point) {
        Optional<Comparison> comparison = bench.comparisons().stream()
                .filter(c -> c.peer().equals(run.target()) && c.connections() == run.connections()
                        && c.threads() == point.threads()).findFirst();
        return new String[]{
                format("%d", run.connections()), Integer.toString(point.threads()),
                run.target() + (point.wrkSaturated() ? " (wrk saturated)" : "") + (run.complete() ? "" : " (incomplete)"),
                Numbers.rate(point.goodputPerSecond()), Numbers.percent(point.efficiency()),
                Numbers.ms(point.latencyP50Ms()), Numbers.ms(point.latencyP99Ms()), Numbers.ms(point.latencyMaxMs()),
                Numbers.count(point.errors()) + (point.errorRate() == null ? "" : " (" + Numbers.percent(
                        point.errorRate()) + ")"),
                Numbers.cores(point.serverCores()), Numbers.cores(point.wrkCores()),
                // loadctl's goal is 0.01 core: two decimals would hide it.
                point.loadctlCores() == null ? Numbers.MISSING : format("%.3f", point.loadctlCores()),
                startUpSeconds(point.readyMs()), startUpSeconds(point.first2xxMs()),
                comparison.map(c -> Numbers.ratio(c.goodputRatio())).orElse(NONE),
                comparison.map(c -> Numbers.ratio(c.p99Ratio())).orElse(NONE)};
    }

    /** Start-up milliseconds as seconds, two decimals: the goal is 1 s. */
    private static String startUpSeconds(Double millis) {
        return millis == null ? Numbers.MISSING : format("%.2f", millis / 1000);
    }

    private static String ceilings(BenchReport bench) {
        List<String> parts = new TreeSet<>(bench.runs().stream().map(Run::connections).toList()).stream()
                .map(c -> format("-c%d: %,.0f/s", c, Rules.littlesLawCeilingPerSecond(c, bench.parameters().delayMs())))
                .toList();
        return "Little's-law ceiling (connections / " + millis(bench.parameters().delayMs()) + "): "
                + (parts.isEmpty() ? "no run yet" : String.join(", ", parts))
                + "; efficiency = goodput / ceiling; CPU in cores; ready and first 2xx count from spawning the server";
    }

    private static List<String> notes(BenchReport bench) {
        List<String> notes = new ArrayList<>();
        if (!bench.parameters().overrides().isEmpty()) {
            notes.add("flags over the profile '" + bench.profile() + "': " + RunName.flags(bench.parameters().overrides()));
        }
        bench.targets().stream().filter(target -> BenchSetup.SKIPPED.equals(target.status()))
                .forEach(target -> notes.add("skipped " + target.name() + ": " + target.reason()
                        + (target.fix() == null ? "" : "; install: " + target.fix())));
        bench.runs().stream().filter(run -> !run.complete())
                .forEach(run -> notes.add(format("incomplete: %s at -c%d: %s", run.target(), run.connections(),
                        Messages.firstLineOfReason(run.stopReason()))));
        return notes;
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? format("%.0fs", seconds) : format("%.1fs", seconds);
    }

    private static String millis(double millis) {
        return format("%.0f ms", millis);
    }


    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
