package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.Version;
import dev.loadctl.result.Rules;
import dev.loadctl.result.Statistics;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Estimate;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PointStats;
import dev.loadctl.result.WrkResult;
import dev.loadctl.report.SweepReport.Outcomes;
import dev.loadctl.report.SweepReport.Parameters;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.report.SweepReport.PointVerdict;
import dev.loadctl.report.SweepReport.Reason;
import dev.loadctl.report.SweepReport.StatusClasses;
import dev.loadctl.report.SweepReport.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Computes a {@link Report} from saved results: the verdict, the rows, the scaling model ({@link Comparisons}: the comparison). */
final class ReportBuilder {

    /** "Far above" the target, for the queueing reason: twice it leaves room to offer the target with fewer connections. */
    static final double QUEUEING_CEILING_OVER_TARGET = 2;
    /** Below this share of the Little's-law ceiling the server did not keep up with what the connections offered. */
    static final double QUEUEING_EFFICIENCY = 0.9;

    private ReportBuilder() {
    }

    /** One sweep, or two (baseline, candidate) to compare. */
    static Report build(List<LoadedSweep> inputs, Overrides overrides) {
        if (inputs.size() == 1) {
            return new Report(Report.REPORT_VERSION, Version.get(), List.of(sweep(inputs.get(0), null, overrides)),
                    null);
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("a report covers one sweep or compares two, not " + inputs.size());
        }
        SweepReport a = sweep(inputs.get(0), "A", overrides);
        SweepReport b = sweep(inputs.get(1), "B", overrides);
        return new Report(Report.REPORT_VERSION, Version.get(), List.of(a, b), Comparisons.of(a, b));
    }

    static SweepReport sweep(LoadedSweep input, String label, Overrides overrides) {
        SweepResult sweep = input.sweep();
        SweepResult.SweepParameters recorded = sweep.parameters();
        List<String> notes = new ArrayList<>(input.notes());
        double target = chosen(overrides.targetRps(), recorded.targetRps(), "target", Numbers::perSecond,
                "--target-rps", notes);
        double sla = chosen(overrides.slaP99Ms(), recorded.slaP99Ms(), "p99 SLA", Numbers::millis, "--sla-p99", notes);
        double delay = chosen(overrides.delayMs(), recorded.delayMs(), "handler delay", Numbers::millis, "--delay",
                notes);
        Parameters parameters = parameters(recorded, recorded.connections(), target, sla, delay);

        List<PointRow> rows = (sweep.points() == null ? List.<Point>of() : sweep.points()).stream()
                .map(point -> row(point, parameters))
                .sorted(Comparator.comparingInt(PointRow::threads))
                .toList();

        ScalingModel model = scalingModel(rows, parameters);

        addMeasurementNotes(rows, notes);
        addQueueingNote(rows, parameters, notes);
        return new SweepReport(label, input.source(), sweep.profile(), input.kind(), input.threadsAre(),
                sweep.startedAt(),
                sweep.finishedAt(), sweep.complete(), completeness(sweep, rows), caveats(input, rows),
                verdict(sweep, parameters, rows),
                parameters, rows, model, List.copyOf(notes), sweep.environment(),
                sweep.preflight() == null ? List.of() : List.copyOf(sweep.preflight()));
    }

    /**
     * What a point at {@code connections} is judged against: the recorded run's, with the target, SLA and
     * delay chosen for the report. A bench's points each have their own connection count, so their own
     * Little's-law ceiling.
     */
    static Parameters parameters(SweepResult.SweepParameters recorded, int connections, double target, double sla,
                                 double delay) {
        return new Parameters(target, sla, Rules.MAX_ERROR_RATE, delay, connections,
                Rules.littlesLawCeilingPerSecond(connections, delay), Rules.connectionsFor(target, delay),
                recorded.threads() == null ? List.of() : List.copyOf(recorded.threads()), recorded.wrkThreads(),
                recorded.durationSeconds(), recorded.iterations(), recorded.url(), recorded.target(),
                recorded.overrides());
    }

    /**
     * The scaling model fitted to the points within the SLA and the error limit only: goodput that came with
     * a p99 over the SLA or with errors is not what the server can do for the target, and a curve through it
     * predicts a thread count at which the target is not in fact served. Where those points cannot carry a
     * model, it says so instead of predicting.
     */
    static ScalingModel scalingModel(List<PointRow> rows, Parameters parameters) {
        List<PointRow> withinSla = rows.stream()
                .filter(row -> row.goodputPerSecond() != null && isWithinSla(row, parameters)).toList();
        List<Integer> measured = threadsWhere(rows, row -> row.goodputPerSecond() != null);
        if (measured.size() < UniversalScalabilityLaw.MIN_THREAD_COUNTS) {
            return UniversalScalabilityLaw.fit(goodputByThreads(rows), parameters.targetRps());
        }
        SortedMap<Integer, Double> goodput = goodputByThreads(withinSla);
        List<Integer> fitted = List.copyOf(goodput.keySet());
        if (fitted.size() < UniversalScalabilityLaw.MIN_THREAD_COUNTS) {
            return ScalingModel.notDescribing((fitted.isEmpty() ? "no thread count"
                    : "only " + Numbers.threadList(fitted) + " of the " + measured.size() + " measured")
                    + " met the p99 SLA and the error limit, and the model is fitted to those alone: it needs at"
                    + " least " + UniversalScalabilityLaw.MIN_THREAD_COUNTS, fitted);
        }
        if (withinSla.stream().allMatch(row -> row.efficiency() != null
                && row.efficiency() >= UniversalScalabilityLaw.AT_CEILING_EFFICIENCY)) {
            return ScalingModel.notDescribing("every point within the SLA ran at the Little's-law ceiling ("
                    + Numbers.percent(UniversalScalabilityLaw.AT_CEILING_EFFICIENCY) + " of it or more), so its"
                    + " goodput is connections / delay, set by the connections and not by the threads", fitted);
        }
        ScalingModel model = UniversalScalabilityLaw.fit(goodput, parameters.targetRps(),
                "the points within the p99 SLA and the error limit");
        if (model.fitted() && model.rSquared() != null && model.rSquared() < UniversalScalabilityLaw.MIN_R_SQUARED) {
            return ScalingModel.notDescribing("the Universal Scalability Law fits them poorly (R^2 = "
                    + String.format(Locale.ROOT, "%.2f", model.rSquared()) + ", below "
                    + UniversalScalabilityLaw.MIN_R_SQUARED + ")", fitted);
        }
        return model;
    }

    /** p99 within the SLA and errors within the limit: what a point must do to serve any target at all. */
    static boolean isWithinSla(PointRow row, Parameters p) {
        return row.latencyP99Ms() != null && !Rules.isOverSla(row.latencyP99Ms(), p.slaP99Ms())
                && row.errorRate() != null && Rules.isWithinErrorLimit(row.errorRate());
    }

    /** The best mean goodput of each thread count. */
    private static SortedMap<Integer, Double> goodputByThreads(List<PointRow> rows) {
        SortedMap<Integer, Double> goodputByThreads = new TreeMap<>();
        for (PointRow row : rows) {
            if (row.goodputPerSecond() != null) {
                goodputByThreads.merge(row.threads(), row.goodputPerSecond(), Math::max);
            }
        }
        return goodputByThreads;
    }

    /**
     * A sweep that lets wrk's -t follow the server's threads changes two things at each step: a step up may
     * be the load generator's as much as the server's. Said first, with the option that holds wrk still.
     */
    private static List<String> caveats(LoadedSweep input, List<PointRow> rows) {
        SweepResult.SweepParameters recorded = input.sweep().parameters();
        List<Integer> wrkThreads = rows.stream().map(PointRow::wrkThreads).distinct().sorted().toList();
        if (!SweepReport.KIND_SWEEP.equals(input.kind()) || recorded.wrkThreads() != null || wrkThreads.size() < 2) {
            return List.of();
        }
        SweepResult.Environment machine = input.sweep().environment();
        return List.of("wrk's -t followed the server's threads (" + wrkThreads.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + "), so each step along the threads changed"
                + " the load generator as well as the server; to hold wrk still, sweep again with --wrk-threads N"
                + (machine == null || machine.cpuCount() <= 0 ? ""
                : " (e.g. --wrk-threads " + machine.cpuCount() + ", this machine's cores)") + ".");
    }

    private static double chosen(Double override, double recorded, String what, Function<Double, String> shown,
                                 String option, List<String> notes) {
        if (override == null || override == recorded) {
            return recorded;
        }
        notes.add(what + " " + shown.apply(override) + " from " + option + " (the sweep recorded "
                + shown.apply(recorded) + ")");
        return override;
    }

    private static String completeness(SweepResult sweep, List<PointRow> rows) {
        if (sweep.complete()) {
            return "complete";
        }
        List<Integer> planned = sweep.parameters().threads() == null ? List.of() : sweep.parameters().threads();
        String why = sweep.stopReason() == null || sweep.stopReason().isBlank() ? "stopped early" : sweep.stopReason();
        return "incomplete: " + why + " (" + rows.size() + " of " + Math.max(planned.size(), rows.size())
                + " thread counts measured)";
    }

    // ---------------------------------------------------------------------------------------------- rows

    /** Queueing (client p99 − server p99) above this share of the SLA gets a note. */
    static final double QUEUEING_SHARE_OF_SLA = 0.5;

    static PointRow row(Point point, Parameters parameters) {
        List<WrkResult> runs = point.iterations() == null ? List.of() : point.iterations();
        PointStats stats = point.stats();
        Estimate goodput = stored(stats == null ? null : stats.goodputPerSecond(), runs, WrkResult::goodputPerSecond);
        Estimate requestsPerSecond = stored(stats == null ? null : stats.requestsPerSecond(), runs,
                WrkResult::requestsPerSecond);
        Estimate p50 = stored(stats == null ? null : stats.latencyP50Ms(), runs, latency(WrkResult.LatencyMs::p50));
        Estimate p99 = stored(stats == null ? null : stats.latencyP99Ms(), runs, latency(WrkResult.LatencyMs::p99));
        Estimate max = stored(stats == null ? null : stats.latencyMaxMs(), runs, latency(WrkResult.LatencyMs::max));
        Estimate errorRate = stored(stats == null ? null : stats.errorRate(), runs, WrkResult::errorRate);
        Estimate serverCores = stored(stats == null ? null : stats.serverCores(), runs,
                run -> run.cpu() == null ? null : run.cpu().serverCores());
        Estimate wrkCores = stored(stats == null ? null : stats.wrkCores(), runs,
                run -> run.cpu() == null ? null : run.cpu().wrkCores());
        Double p90 = Statistics.estimate(runs.stream().map(latency(WrkResult.LatencyMs::p90)).toList()).mean();
        Double average = Statistics.estimate(runs.stream().map(latency(WrkResult.LatencyMs::avg)).toList()).mean();
        Double serverP99 = serverP99(runs);
        Double p75 = Statistics.estimate(runs.stream().map(latency(WrkResult.LatencyMs::p75)).toList()).mean();
        Double p999 = Statistics.estimate(runs.stream().map(latency(WrkResult.LatencyMs::p99_9)).toList()).mean();
        Double p9999 = Statistics.estimate(runs.stream().map(latency(WrkResult.LatencyMs::p99_99)).toList()).mean();

        long requests = sum(runs, WrkResult::requests);
        long timeouts = sum(runs, run -> socketErrors(run).timeout());
        long connect = sum(runs, run -> socketErrors(run).connect());
        long read = sum(runs, run -> socketErrors(run).read());
        long write = sum(runs, run -> socketErrors(run).write());
        long non2xx3xx = sum(runs, WrkResult::non2xx3xxResponses);
        StatusClasses classes = statusClasses(runs);
        double seconds = runs.stream().mapToDouble(WrkResult::durationSeconds).sum();
        double timely = goodput.mean() == null ? 0 : goodput.mean();
        Outcomes outcomes = outcomes(timely, requests, timeouts, connect, read, write, non2xx3xx, classes, seconds);

        double ceiling = parameters.littlesLawCeilingPerSecond();
        Double efficiency = Rules.efficiency(goodput.mean(), ceiling);
        boolean saturated = (stats != null && stats.wrkSaturated())
                || runs.stream().anyMatch(run -> run.cpu() != null && run.cpu().wrkSaturated());
        WrkResult.CpuUsage cpu = runs.stream().map(WrkResult::cpu).filter(Objects::nonNull).findFirst().orElse(null);
        boolean meetsTarget = Rules.meetsTarget(goodput.mean(), p99.mean(), errorRate.mean(), parameters.targetRps(),
                parameters.slaP99Ms());
        boolean everyResponseAnError = goodput.mean() != null && Rules.isEveryResponseAnError(requests, goodput.mean());
        List<PointVerdict> verdict = pointVerdict(goodput.mean(), p99.mean(), errorRate.mean(), everyResponseAnError,
                meetsTarget, saturated, cpu != null && cpu.machineFull(serverCores.mean(), wrkCores.mean()),
                parameters);

        return new PointRow(point.threads(), point.wrkThreads(), runs.size(), goodput.mean(), goodput.error(),
                runs.stream().anyMatch(WrkResult::goodputEstimated), requestsPerSecond.mean(), average, p50.mean(),
                p90, p99.mean(), max.mean(), p75, p999, p9999, errorRate.mean(), requests, timeouts, connect, read,
                write, non2xx3xx,
                classes, outcomes, ceiling, efficiency, serverCores.mean(), wrkCores.mean(),
                cpu == null ? null : cpu.machineCores(), saturated,
                meetsTarget, everyResponseAnError, verdict,
                point.warnings() == null ? List.of() : List.copyOf(point.warnings()),
                serverP99, serverP99 == null || p99.mean() == null ? null : p99.mean() - serverP99);
    }

    /**
     * The mean of the server's own p99 over the iterations; null unless every one has it, so that it is over
     * the same runs as the client's p99 it is set against.
     */
    private static Double serverP99(List<WrkResult> runs) {
        if (runs.isEmpty() || runs.stream().anyMatch(run -> run.serverLatencyMs() == null
                || run.serverLatencyMs().p99() == null)) {
            return null;
        }
        return Statistics.estimate(runs.stream().map(run -> run.serverLatencyMs().p99()).toList()).mean();
    }

    /**
     * The point judged alone by the rules the verdict applies to the sweep. A point where every response was
     * an error is that and nothing more (errors and a missed target go without saying); CPU full is left
     * out where wrk was saturated, which already says the figures are a lower bound.
     */
    static List<PointVerdict> pointVerdict(Double goodput, Double p99, Double errorRate, boolean everyResponseAnError,
                                           boolean meetsTarget, boolean wrkSaturated, boolean machineCpuFull,
                                           Parameters parameters) {
        List<PointVerdict> verdict = new ArrayList<>();
        if (meetsTarget) {
            verdict.add(PointVerdict.MEETS_TARGET);
        } else if (everyResponseAnError) {
            verdict.add(PointVerdict.EVERY_RESPONSE_AN_ERROR);
        } else if (errorRate != null && !Rules.isWithinErrorLimit(errorRate)) {
            verdict.add(PointVerdict.ERRORS);
        }
        if (!meetsTarget && p99 != null && Rules.isOverSla(p99, parameters.slaP99Ms())) {
            verdict.add(PointVerdict.OVER_SLA);
        }
        if (!meetsTarget && !everyResponseAnError) {
            if (p99 == null) {
                verdict.add(PointVerdict.P99_UNKNOWN);
            }
            if (goodput == null || goodput < parameters.targetRps()) {
                verdict.add(PointVerdict.BELOW_TARGET);
            }
        }
        if (wrkSaturated) {
            verdict.add(PointVerdict.WRK_SATURATED);
        } else if (machineCpuFull) {
            verdict.add(PointVerdict.CPU_FULL);
        }
        return List.copyOf(verdict);
    }

    /** The sweep's own statistics when it saved them; the same statistics over the iterations otherwise. */
    private static Estimate stored(Estimate saved, List<WrkResult> runs, Function<WrkResult, Double> value) {
        if (saved != null && saved.n() > 0) {
            return saved;
        }
        return Statistics.estimate(runs.stream().map(value).toList());
    }

    private static Function<WrkResult, Double> latency(Function<WrkResult.LatencyMs, Double> field) {
        return run -> run.latencyMs() == null ? null : field.apply(run.latencyMs());
    }

    private static WrkResult.SocketErrors socketErrors(WrkResult run) {
        return run.socketErrors() == null ? WrkResult.SocketErrors.NONE : run.socketErrors();
    }

    private static long sum(List<WrkResult> runs, java.util.function.ToLongFunction<WrkResult> value) {
        return runs.stream().mapToLong(value).sum();
    }

    /** Status classes only when every iteration counted status codes (the Lua script ran). */
    private static StatusClasses statusClasses(List<WrkResult> runs) {
        if (runs.isEmpty() || runs.stream().anyMatch(run -> run.statusCodes() == null)) {
            return null;
        }
        long[] byClass = new long[6];
        for (WrkResult run : runs) {
            for (Map.Entry<String, Long> entry : run.statusCodes().entrySet()) {
                int klass;
                try {
                    klass = Integer.parseInt(entry.getKey().trim()) / 100;
                } catch (NumberFormatException e) {
                    klass = 0;
                }
                byClass[klass >= 2 && klass <= 5 ? klass : 0] += entry.getValue() == null ? 0 : entry.getValue();
            }
        }
        return new StatusClasses(byClass[2], byClass[3], byClass[4], byClass[5], byClass[0]);
    }

    private static Outcomes outcomes(double timely, long requests, long timeouts, long connect, long read,
                                     long write, long non2xx3xx, StatusClasses classes, double seconds) {
        if (seconds <= 0) {
            return new Outcomes(timely, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        if (classes != null) {
            return new Outcomes(timely, Math.max(0, classes.status2xx() / seconds - timely),
                    classes.status3xx() / seconds, classes.status4xx() / seconds, classes.status5xx() / seconds,
                    classes.other() / seconds, 0, 0,
                    timeouts / seconds, connect / seconds, read / seconds, write / seconds);
        }
        double over399 = non2xx3xx / seconds;
        return new Outcomes(timely, 0, 0, 0, 0, 0, over399, Math.max(0, requests / seconds - over399 - timely),
                timeouts / seconds, connect / seconds, read / seconds, write / seconds);
    }

    private static void addMeasurementNotes(List<PointRow> rows, List<String> notes) {
        if (rows.stream().anyMatch(PointRow::goodputEstimated)) {
            notes.add("goodput is estimated as requests - timeouts - wrk's non-2xx/3xx count: wrk ran without"
                    + " loadctl's status-code script, so a 3xx would count as good");
        }
        long timeouts = rows.stream().mapToLong(PointRow::timeouts).sum();
        if (timeouts > 0) {
            notes.add("wrk leaves requests that timed out (" + Numbers.count(timeouts) + " here) out of its latency"
                    + " statistics, so the latency figures look better than the service was");
        }
        if (!rows.isEmpty() && rows.stream().allMatch(row -> row.wrkCores() == null)) {
            notes.add("CPU of the server and of wrk was not measured (runs parsed from saved output have no"
                    + " CPU samples), so there is no CPU chart");
        }
    }

    /**
     * Where much of the client's p99 is not in the server's, the handler is not what is slow: the requests wait
     * for a connection's turn (each wrk connection has one request out at a time), in the accept queue, or in
     * wrk itself. Half the SLA is "much": at that point a faster handler cannot bring the p99 within it.
     */
    private static void addQueueingNote(List<PointRow> rows, Parameters parameters, List<String> notes) {
        double limit = QUEUEING_SHARE_OF_SLA * parameters.slaP99Ms();
        List<PointRow> queued = rows.stream()
                .filter(row -> row.queueingMs() != null && row.queueingMs() > limit).toList();
        if (queued.isEmpty()) {
            return;
        }
        notes.add("queueing (client p99 - server p99) is over half the SLA (" + Numbers.millis(limit) + ") at "
                + queued.stream().map(row -> row.threads() + (row.threads() == 1 ? " thread: " : " threads: ")
                        + Numbers.millis(row.queueingMs()))
                .collect(Collectors.joining(", ")) + "; that time is spent waiting for a connection's turn, in the"
                + " accept queue or in the load generator, not in the handler");
    }

    // ------------------------------------------------------------------------------------------- verdict

    /** Which reasons apply is decided here, by {@link Rules}; {@link VerdictText} puts them into words. */
    static Verdict verdict(SweepResult sweep, Parameters parameters, List<PointRow> rows) {
        for (PointRow row : rows) {
            if (row.meetsTarget()) {
                return new Verdict(Verdict.REACHED, true, row.threads(), VerdictText.reached(row, parameters),
                        List.of());
            }
        }
        List<Reason> reasons = new ArrayList<>();
        List<Integer> measured = threadsWhere(rows, row -> true);
        String headline = VerdictText.notReached(measured, parameters);
        if (rows.isEmpty()) {
            reasons.add(VerdictText.noPoints(sweep.stopReason()));
            return new Verdict(Verdict.NOT_REACHED, false, null, headline, List.copyOf(reasons));
        }
        boolean capped = VerdictText.isCapped(parameters);
        if (capped) {
            reasons.add(VerdictText.littlesLaw(parameters));
        }
        List<PointRow> allError = rows.stream().filter(PointRow::everyResponseAnError).toList();
        if (!allError.isEmpty()) {
            reasons.add(VerdictText.everyResponseAnError(allError, allError.size() == rows.size() && rows.size() > 1));
        }
        List<PointRow> failing = rows.stream()
                .filter(row -> row.verdict().contains(PointVerdict.ERRORS)).toList();
        if (!failing.isEmpty()) {
            reasons.add(VerdictText.errors(failing, parameters));
        }
        List<PointRow> slow = rows.stream().filter(row -> row.verdict().contains(PointVerdict.OVER_SLA)).toList();
        if (!slow.isEmpty()) {
            reasons.add(VerdictText.latency(slow, parameters));
        }
        queueing(rows, parameters).ifPresent(reasons::add);
        List<Integer> unknown = threadsWhere(rows, row -> row.verdict().contains(PointVerdict.P99_UNKNOWN)
                && !row.verdict().contains(PointVerdict.BELOW_TARGET));
        if (!unknown.isEmpty()) {
            reasons.add(VerdictText.latencyUnknown(unknown));
        }
        List<Integer> saturated = threadsWhere(rows, row -> row.verdict().contains(PointVerdict.WRK_SATURATED));
        if (!saturated.isEmpty()) {
            reasons.add(VerdictText.wrkSaturated(saturated));
        }
        List<Integer> cpuFull = threadsWhere(rows, row -> row.verdict().contains(PointVerdict.CPU_FULL));
        if (!cpuFull.isEmpty()) {
            reasons.add(VerdictText.machineCpuFull(cpuFull));
        }
        boolean allErrors = rows.stream().allMatch(PointRow::everyResponseAnError);
        PointRow best = rows.stream().filter(row -> row.goodputPerSecond() != null)
                .max(Comparator.comparingDouble(PointRow::goodputPerSecond)).orElse(null);
        if (!allErrors && !capped && best != null && best.goodputPerSecond() < parameters.targetRps()) {
            reasons.add(VerdictText.tooSlow(best, parameters));
        }
        if (!sweep.complete()) {
            List<Integer> missing = new ArrayList<>(new TreeSet<>(parameters.threadsPlanned()));
            missing.removeAll(measured);
            reasons.add(VerdictText.incomplete(sweep.stopReason(), missing));
        }
        return new Verdict(Verdict.NOT_REACHED, false, null, headline, List.copyOf(reasons));
    }

    /**
     * Points that met the target on goodput and missed it on p99 alone, while the server served well under
     * what the connections offered: the latency there is time spent waiting in the server, which a closed
     * loop of more connections than the server can turn over always builds. Said only where the ceiling is
     * far above the target, so that fewer connections could still offer it, and where the handler's own
     * delay is within the SLA.
     */
    private static Optional<Reason> queueing(List<PointRow> rows, Parameters parameters) {
        if (parameters.littlesLawCeilingPerSecond() < QUEUEING_CEILING_OVER_TARGET * parameters.targetRps()
                || parameters.delayMs() >= parameters.slaP99Ms()) {
            return Optional.empty();
        }
        return rows.stream()
                .filter(row -> row.verdict().contains(PointVerdict.OVER_SLA)
                        && !row.verdict().contains(PointVerdict.ERRORS)
                        && !row.verdict().contains(PointVerdict.EVERY_RESPONSE_AN_ERROR)
                        && !row.verdict().contains(PointVerdict.BELOW_TARGET)
                        && row.efficiency() != null && row.efficiency() < QUEUEING_EFFICIENCY)
                .max(Comparator.comparingDouble(PointRow::goodputPerSecond))
                .map(row -> VerdictText.queueing(row, parameters));
    }

    static List<Integer> threadsWhere(List<PointRow> rows, Predicate<PointRow> condition) {
        return rows.stream().filter(condition).map(PointRow::threads).distinct().toList();
    }
}
