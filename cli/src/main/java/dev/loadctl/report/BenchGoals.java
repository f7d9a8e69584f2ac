package dev.loadctl.report;

import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReport.RunPoint;
import dev.loadctl.report.BenchReport.GoalCheck;
import dev.loadctl.Durations;
import dev.loadctl.result.BenchSetup.Goal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a bench profile's goals against the runs. A goal applies to the subject's points (those at its
 * connection counts); each criterion it sets is judged on each point, with the figures written out.
 * Every point must meet it, or with {@code any-threads} one thread count per goal suffices. A point whose
 * figure is missing (a skipped peer, no 2xx at start-up) leaves the goal "not measured" unless another
 * point already fails it.
 */
public final class BenchGoals {

    private enum Verdict { PASS, FAIL, UNKNOWN }

    private record Judged(Verdict verdict, String text) {
    }

    private BenchGoals() {
    }

    /** The goals in one line: how many were met, and which were not (or could not be judged). */
    public static String summary(List<GoalCheck> goals) {
        List<String> parts = new ArrayList<>();
        long met = goals.stream().filter(goal -> BenchReport.MET.equals(goal.status())).count();
        parts.add(met + " of " + goals.size() + " met");
        for (String status : List.of(BenchReport.NOT_MET, BenchReport.NOT_MEASURED)) {
            List<String> names = goals.stream().filter(goal -> status.equals(goal.status())).map(GoalCheck::name)
                    .toList();
            if (!names.isEmpty()) {
                parts.add(status + ": " + String.join(", ", names));
            }
        }
        return "goals: " + String.join("; ", parts);
    }

    public static List<GoalCheck> check(List<Goal> goals, String subject, List<Run> runs) {
        return goals.stream().map(goal -> check(goal, subject, runs)).toList();
    }

    static GoalCheck check(Goal goal, String subject, List<Run> runs) {
        List<Run> subjectRuns = runs.stream().filter(run -> run.target().equals(subject))
                .filter(run -> goal.connections() == null || run.connections() == goal.connections())
                .filter(run -> goal.maxConnections() == null || run.connections() <= goal.maxConnections())
                .sorted(Comparator.comparingInt(Run::connections)).toList();
        List<String> detail = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Run run : subjectRuns) {
            for (RunPoint point : run.points()) {
                List<Judged> judged = judge(goal, run.connections(), point, runs);
                Verdict verdict = judged.stream().anyMatch(j -> j.verdict() == Verdict.FAIL) ? Verdict.FAIL
                        : judged.stream().anyMatch(j -> j.verdict() == Verdict.UNKNOWN) ? Verdict.UNKNOWN : Verdict.PASS;
                verdicts.add(verdict);
                detail.add(format("-c%d, %s: %s", run.connections(), threads(point.threads()),
                        String.join("; ", judged.stream().map(Judged::text).toList())));
            }
        }
        String status;
        if (verdicts.isEmpty()) {
            status = BenchReport.NOT_MEASURED;
            detail.add("no " + subject + " point" + (goal.connections() != null ? " at -c" + goal.connections()
                    : goal.maxConnections() != null ? " at -c up to " + goal.maxConnections() : "") + " was measured");
        } else if (goal.everyThreadCount()) {
            status = verdicts.contains(Verdict.FAIL) ? BenchReport.NOT_MET
                    : verdicts.contains(Verdict.UNKNOWN) ? BenchReport.NOT_MEASURED : BenchReport.MET;
        } else {
            status = verdicts.contains(Verdict.PASS) ? BenchReport.MET
                    : verdicts.contains(Verdict.UNKNOWN) ? BenchReport.NOT_MEASURED : BenchReport.NOT_MET;
        }
        return new GoalCheck(goal.name(), status, criteria(goal), detail);
    }

    private static List<Judged> judge(Goal goal, int connections, RunPoint point, List<Run> runs) {
        List<Judged> judged = new ArrayList<>();
        Optional<RunPoint> peer = goal.peer() == null ? Optional.empty()
                : BenchSummary.find(runs, goal.peer(), connections, point.threads());
        if (goal.minGoodputRatio() != null) {
            judged.add(peer.map(other -> goodputRatio(goal, point, other)).orElseGet(() -> noPeer(goal)));
        }
        if (goal.maxP99Ratio() != null) {
            judged.add(peer.map(other -> p99Ratio(goal, point, other)).orElseGet(() -> noPeer(goal)));
        }
        if (goal.minGoodput() != null) {
            judged.add(atLeast("goodput", point.goodputPerSecond(), goal.minGoodput(), "goodput %,.0f/s (>= %,.0f)"));
        }
        if (goal.maxP99() != null) {
            double limitMs = Durations.parse(goal.maxP99()).toNanos() / 1e6;
            judged.add(atMost("p99", point.latencyP99Ms(), limitMs, "p99 %.1f ms (<= %.0f ms)"));
        }
        if (goal.minEfficiency() != null) {
            judged.add(atLeast("efficiency", point.efficiency(), goal.minEfficiency(),
                    "Little's-law efficiency %.3f (>= %.2f)"));
        }
        if (goal.maxFirst2xx() != null) {
            double limitSeconds = Durations.parse(goal.maxFirst2xx()).toNanos() / 1e9;
            judged.add(point.first2xxMs() == null ? new Judged(Verdict.UNKNOWN, "no first 2xx recorded at start-up")
                    : atMost("first 2xx", point.first2xxMs() / 1000, limitSeconds,
                    "first 2xx %.2f s after spawn (<= %.2f s)"));
        }
        if (goal.maxLoadctlCores() != null) {
            // loadctl is the same process whatever it measures: its highest cost at this -c and thread count.
            Double loadctl = runs.stream().filter(run -> run.connections() == connections)
                    .flatMap(run -> run.points().stream()).filter(other -> other.threads() == point.threads())
                    .map(RunPoint::loadctlCores).filter(Objects::nonNull).max(Double::compare).orElse(null);
            judged.add(atMost("loadctl CPU", loadctl, goal.maxLoadctlCores(),
                    "loadctl %.4f cores at most, any target (<= %.3f)"));
        }
        return judged;
    }

    private static Judged goodputRatio(Goal goal, RunPoint point, RunPoint peer) {
        String figures = format("goodput %,.0f vs %s's %,.0f/s", orZero(point.goodputPerSecond()), goal.peer(),
                orZero(peer.goodputPerSecond()));
        Double ratio = BenchSummary.ratio(point.goodputPerSecond(), peer.goodputPerSecond());
        if (ratio == null) {
            boolean ahead = orZero(point.goodputPerSecond()) > 0;
            return new Judged(ahead ? Verdict.PASS : Verdict.UNKNOWN, figures + (ahead ? " (the peer had none) ok"
                    : " (neither had any) unknown"));
        }
        return mark(ratio >= goal.minGoodputRatio(), format("%s = %.3fx (>= %.2fx)", figures, ratio,
                goal.minGoodputRatio()));
    }

    private static Judged p99Ratio(Goal goal, RunPoint point, RunPoint peer) {
        Double ratio = BenchSummary.ratio(point.latencyP99Ms(), peer.latencyP99Ms());
        if (ratio == null) {
            return new Judged(Verdict.UNKNOWN, "p99 unknown for it or " + goal.peer());
        }
        return mark(ratio <= goal.maxP99Ratio(), format("p99 %.1f vs %s's %.1f ms = %.3fx (<= %.2fx)",
                point.latencyP99Ms(), goal.peer(), peer.latencyP99Ms(), ratio, goal.maxP99Ratio()));
    }

    private static Judged noPeer(Goal goal) {
        return new Judged(Verdict.UNKNOWN, "no " + goal.peer() + " point to compare with");
    }

    private static Judged atLeast(String what, Double value, double limit, String format) {
        return value == null ? new Judged(Verdict.UNKNOWN, "no " + what + " figure")
                : mark(value >= limit, format(format, value, limit));
    }

    private static Judged atMost(String what, Double value, double limit, String format) {
        return value == null ? new Judged(Verdict.UNKNOWN, "no " + what + " figure")
                : mark(value <= limit, format(format, value, limit));
    }

    private static Judged mark(boolean met, String text) {
        return new Judged(met ? Verdict.PASS : Verdict.FAIL, text + (met ? " ok" : " NOT MET"));
    }

    /** The goal in words: "goodput >= 0.95x nginx-echo's, p99 <= 1.10x nginx-echo's; every -c; every thread count". */
    static String criteria(Goal goal) {
        List<String> parts = new ArrayList<>();
        if (goal.minGoodputRatio() != null) {
            parts.add(format("goodput >= %.2fx %s's", goal.minGoodputRatio(), goal.peer()));
        }
        if (goal.maxP99Ratio() != null) {
            parts.add(format("p99 <= %.2fx %s's", goal.maxP99Ratio(), goal.peer()));
        }
        if (goal.minGoodput() != null) {
            parts.add(format("goodput >= %,.0f/s", goal.minGoodput()));
        }
        if (goal.maxP99() != null) {
            parts.add("p99 <= " + goal.maxP99());
        }
        if (goal.minEfficiency() != null) {
            parts.add(format("Little's-law efficiency >= %.2f", goal.minEfficiency()));
        }
        if (goal.maxFirst2xx() != null) {
            parts.add("first 2xx <= " + goal.maxFirst2xx() + " after spawn");
        }
        if (goal.maxLoadctlCores() != null) {
            parts.add(format("loadctl <= %.3f cores while measuring", goal.maxLoadctlCores()));
        }
        String where = goal.connections() != null ? "at -c" + goal.connections()
                : goal.maxConnections() != null ? "at -c up to " + goal.maxConnections() : "at every -c";
        return String.join(", ", parts) + "; " + where + "; "
                + (goal.everyThreadCount() ? "every thread count" : "at least one thread count");
    }

    private static String threads(int threads) {
        return threads + (threads == 1 ? " thread" : " threads");
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
