package dev.loadctl.report;

import dev.loadctl.report.SweepReport.Parameters;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.report.SweepReport.Reason;
import dev.loadctl.report.SweepReport.Reason.Kind;
import dev.loadctl.result.Rules;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The words of the verdict: its headline and each kind of reason, from the figures {@link ReportBuilder}
 * found. Every format prints these sentences as they are, so this is the one place to change them.
 */
final class VerdictText {

    private VerdictText() {
    }

    static String reached(PointRow row, Parameters p) {
        return "REACHED at " + Numbers.threads(row.threads()) + ": goodput " + Numbers.perSecond(row.goodputPerSecond())
                + " (target " + target(p) + "), p99 " + Numbers.millis(row.latencyP99Ms()) + " (SLA "
                + sla(p) + "), errors " + Numbers.percent(row.errorRate()) + "."
                + (row.wrkSaturated() ? " wrk was saturated there, so the server can do more." : "");
    }

    static String notReached(List<Integer> measured, Parameters p) {
        if (!measured.isEmpty() && isCapped(p)) {
            // Whatever else went wrong, this run could not have answered the question: say that first.
            return "NOT REACHED: the " + target(p) + " target is above this run's Little's-law ceiling of "
                    + Numbers.perSecond(p.littlesLawCeilingPerSecond()) + " (" + Numbers.count(p.connections())
                    + " connections / " + Numbers.millis(p.delayMs()) + "), so no server could reach it here.";
        }
        return "NOT REACHED: " + (measured.isEmpty() ? "nothing was measured"
                : "no measured thread count (" + Numbers.threadList(measured) + ") served " + target(p)
                + " of timely 2xx with p99 within " + sla(p) + " and at most " + Numbers.percent(p.maxErrorRate())
                + " errors") + ".";
    }

    static Reason noPoints(String stopReason) {
        return new Reason(Kind.NO_POINTS, "the sweep has no finished point"
                + (stopReason == null ? "" : " (it stopped: " + stopReason + ")") + "; run it again");
    }

    /** @param everywhere the rows are every thread count measured, and there was more than one */
    static Reason everyResponseAnError(List<PointRow> rows, boolean everywhere) {
        long requests = rows.stream().mapToLong(PointRow::requests).sum();
        long over399 = rows.stream().mapToLong(PointRow::non2xx3xxResponses).sum();
        long timeouts = rows.stream().mapToLong(PointRow::timeouts).sum();
        long connect = rows.stream().mapToLong(PointRow::connectErrors).sum();
        List<String> kinds = new ArrayList<>();
        if (over399 > 0) {
            kinds.add(Numbers.count(over399) + " had status 400 or above");
        }
        if (timeouts > 0) {
            kinds.add(Numbers.count(timeouts) + " requests timed out");
        }
        if (connect > 0) {
            kinds.add(Numbers.count(connect) + " connections failed");
        }
        String threads = Numbers.threadList(ReportBuilder.threadsWhere(rows, row -> true));
        String where = everywhere ? "at every thread count measured (" + threads + ")" : "at " + threads;
        return new Reason(Kind.EVERY_RESPONSE_AN_ERROR, "every response was an error " + where + ": "
                + Numbers.count(requests) + " responses and not one timely 2xx"
                + (kinds.isEmpty() ? "" : " (" + String.join("; ", kinds) + ")"));
    }

    static Reason errors(List<PointRow> failing, Parameters p) {
        return new Reason(Kind.ERRORS, "errors above the " + Numbers.percent(p.maxErrorRate()) + " limit: "
                + failing.stream().map(row -> Numbers.percent(row.errorRate()) + " at " + Numbers.threads(row.threads()))
                .collect(Collectors.joining(", ")));
    }

    static Reason latency(List<PointRow> slow, Parameters p) {
        return new Reason(Kind.LATENCY, "p99 latency over the " + sla(p) + " SLA: "
                + slow.stream().map(row -> Numbers.millis(row.latencyP99Ms()) + " at " + Numbers.threads(row.threads()))
                .collect(Collectors.joining(", ")));
    }

    /**
     * Goodput met the target and p99 did not: the offered load exceeded what the server turned over, so
     * requests queued. Names the command that asks the real question (is the target served within the SLA
     * at a load that does not overrun the server).
     */
    static Reason queueing(PointRow row, Parameters p) {
        List<Integer> threads = p.threadsPlanned().isEmpty() ? List.of(row.threads()) : p.threadsPlanned();
        return new Reason(Kind.QUEUEING, "the latency is queueing, not the handler: the offered load, "
                + Numbers.count(p.connections()) + " connections / " + Numbers.millis(p.delayMs()) + " = "
                + Numbers.perSecond(p.littlesLawCeilingPerSecond()) + ", exceeds what the server served ("
                + Numbers.perSecond(row.goodputPerSecond()) + " at " + Numbers.threads(row.threads())
                + "), so requests wait in the server: by Little's law " + Numbers.count(p.connections())
                + " in flight at " + Numbers.perSecond(row.goodputPerSecond()) + " take "
                + Numbers.millis(p.connections() * 1000.0 / row.goodputPerSecond()) + " on average. Goodput met the"
                + " target, but a run that offers more than the server can take cannot say whether it serves "
                + target(p) + " within " + sla(p) + "; loadctl capacity --threads "
                + threads.stream().map(String::valueOf).collect(Collectors.joining(",")) + " --target-rps "
                + String.format(java.util.Locale.ROOT, "%.0f", p.targetRps()) + " answers that");
    }

    static Reason latencyUnknown(List<Integer> threads) {
        return new Reason(Kind.LATENCY_UNKNOWN, "p99 latency is unknown at " + Numbers.threadList(threads)
                + ": wrk printed no latency distribution (run it with --latency)");
    }

    static Reason littlesLaw(Parameters p) {
        return new Reason(Kind.LITTLES_LAW, "throughput is capped by Little's law: "
                + Numbers.count(p.connections()) + " connections / " + Numbers.millis(p.delayMs()) + " = "
                + Numbers.perSecond(p.littlesLawCeilingPerSecond()) + " at most, below the " + target(p)
                + " target; it would take at least " + Numbers.count(p.connectionsForTarget()) + " connections");
    }

    static Reason wrkSaturated(List<Integer> threads) {
        return new Reason(Kind.WRK_SATURATED, "wrk was saturated at " + Numbers.threadList(threads)
                + " (it used all the CPU its threads can): the numbers there are a lower bound, the load"
                + " generator and not the server may be the limit");
    }

    static Reason machineCpuFull(List<Integer> threads) {
        return new Reason(Kind.MACHINE_CPU_FULL, "the machine's CPU was full at " + Numbers.threadList(threads)
                + " (the server and wrk together used " + Numbers.percent(Rules.CPU_FULL_SHARE) + " or more of its"
                + " cores): they compete, so latency and goodput there measure the shared machine as much as"
                + " the server; wrk on another machine (--generator-host) would tell them apart");
    }

    static Reason tooSlow(PointRow best, Parameters p) {
        return new Reason(Kind.TOO_SLOW, "too slow: the best goodput was " + Numbers.perSecond(best.goodputPerSecond())
                + " at " + Numbers.threads(best.threads()) + ", "
                + Numbers.percent(best.goodputPerSecond() / p.targetRps()) + " of the " + target(p) + " target");
    }

    static Reason incomplete(String stopReason, List<Integer> missing) {
        return new Reason(Kind.INCOMPLETE, "the sweep is incomplete ("
                + (stopReason == null ? "stopped early" : stopReason) + ")"
                + (missing.isEmpty() ? "" : ": " + Numbers.threadList(missing) + " were not measured"));
    }

    /** A point's verdict as the table's column shows it: "meets target", "over SLA, below target", ... */
    static String pointVerdict(List<SweepReport.PointVerdict> verdict) {
        return verdict.stream().map(kind -> switch (kind) {
            case MEETS_TARGET -> "meets target";
            case EVERY_RESPONSE_AN_ERROR -> "every response an error";
            case ERRORS -> "errors";
            case OVER_SLA -> "over SLA";
            case P99_UNKNOWN -> "p99 unknown";
            case BELOW_TARGET -> "below target";
            case WRK_SATURATED -> "wrk saturated";
            case CPU_FULL -> "CPU full";
        }).collect(Collectors.joining(", "));
    }

    /** Little's law alone rules the target out: connections ÷ delay is below it. */
    static boolean isCapped(Parameters p) {
        return p.littlesLawCeilingPerSecond() < p.targetRps();
    }

    private static String target(Parameters p) {
        return Numbers.perSecond(p.targetRps());
    }

    private static String sla(Parameters p) {
        return Numbers.millis(p.slaP99Ms());
    }
}
