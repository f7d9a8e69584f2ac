package dev.loadctl.engine;

import dev.loadctl.Numbers;
import dev.loadctl.result.GeneratorRun;
import dev.loadctl.result.Rules;
import dev.loadctl.result.Statistics;
import dev.loadctl.result.VerdictWords;
import dev.loadctl.result.SweepResult.Estimate;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.StartUp;
import dev.loadctl.result.SweepResult.PointStats;
import dev.loadctl.result.SweepResult.SweepParameters;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Turns one point's measured iterations into its statistics and plain-language warnings. */
public final class PointSummary {

    private PointSummary() {
    }

    /** A sweep's point: its target and connections are the sweep's. */
    public static Point of(int threads, int wrkThreads, List<WrkResult> iterations, SweepParameters parameters,
                           StartUp startUp) {
        return of(null, parameters.connections(), threads, wrkThreads, iterations, parameters, startUp);
    }

    /**
     * @param target  the bench target's name; null in a sweep
     * @param startUp the server's start-up times, or null when not measured
     */
    public static Point of(String target, int connections, int threads, int wrkThreads, List<WrkResult> iterations,
                           SweepParameters parameters, StartUp startUp) {
        PointStats stats = Statistics.pointStats(iterations);
        double ceiling = Rules.littlesLawCeilingPerSecond(connections, parameters.delayMs());
        double efficiency = Objects.requireNonNullElse(Rules.efficiency(mean(stats.goodputPerSecond()), ceiling), 0.0);
        return new Point(target, connections, threads, wrkThreads, stats, ceiling, efficiency,
                warnings(stats, iterations, connections, parameters), List.copyOf(iterations), startUp);
    }

    /**
     * Generators of one point disagree when their goodput per connection, or their p99, differ by more than
     * this share: one of them (a slower host, a busier one) measured something the others did not.
     */
    static final double GENERATORS_DISAGREE = 0.10;
    /** Generators that start further apart than this share of the run make its common window noticeably short. */
    static final double START_SKEW_SHARE = 0.01;

    private static List<String> warnings(PointStats stats, List<WrkResult> iterations, int connections,
                                         SweepParameters parameters) {
        List<String> warnings = new ArrayList<>();
        CpuUsage cpu = iterations.stream().map(WrkResult::cpu).filter(Objects::nonNull).findFirst().orElse(null);
        generatorWarnings(iterations, warnings);
        if (stats.wrkSaturated() && cpu != null && iterations.stream().allMatch(run -> run.generators() == null)) {
            warnings.add(VerdictWords.wrkSaturated(null, used(mean(stats.wrkCores()),
                    Math.min(cpu.wrkThreads(), cpu.machineCores()))));
        }
        if (cpu != null && cpu.machineFull(stats.serverCores().mean(), mean(stats.wrkCores()))) {
            warnings.add(VerdictWords.machineCpuFull(null, format("the server used %s and wrk %s of its %d"
                    + " cores", Numbers.cores(stats.serverCores().mean()), Numbers.cores(mean(stats.wrkCores())),
                    cpu.machineCores())));
        }
        long connectErrors = iterations.stream().mapToLong(run -> run.socketErrors().connect()).max().orElse(0);
        if (connectErrors > 0) {
            warnings.add(format("wrk could not open %s of its %s connections (connect errors): see the open-files"
                    + " and listen backlog preflight checks", Numbers.count(connectErrors), Numbers.count(connections)));
        }
        long timeouts = iterations.stream().mapToLong(run -> run.socketErrors().timeout()).sum();
        if (timeouts > 0) {
            warnings.add(format("%s requests timed out (no response within wrk's --timeout %.0f s)",
                    Numbers.count(timeouts), parameters.timeoutSeconds()));
        }
        if (!Rules.isWithinErrorLimit(mean(stats.errorRate()))) {
            warnings.add(VerdictWords.errorsOverLimit(Numbers.percent(Rules.MAX_ERROR_RATE),
                    Numbers.percent(mean(stats.errorRate())) + " of attempts were not a timely 2xx"));
        }
        if (stats.latencyP99Ms().mean() != null
                && Rules.isOverSla(stats.latencyP99Ms().mean(), parameters.slaP99Ms())) {
            warnings.add(VerdictWords.overSla(Numbers.millis(parameters.slaP99Ms()),
                    Numbers.millis(stats.latencyP99Ms().mean())));
        }
        if (stats.goodputPerSecond().wideSpread()) {
            warnings.add("wide spread: goodput " + Numbers.perSecond(stats.goodputPerSecond().mean(),
                    stats.goodputPerSecond().error()) + " (more than " + Numbers.percent(
                    Statistics.WIDE_SPREAD_RELATIVE_ERROR) + "); run more --iterations or a longer --duration");
        }
        return warnings;
    }

    /** Several generators: one that was saturated, starts far apart, and generators that disagree. */
    private static void generatorWarnings(List<WrkResult> iterations, List<String> warnings) {
        for (WrkResult run : iterations) {
            List<GeneratorRun> generators = run.generators();
            if (generators == null) {
                continue;
            }
            generators.stream().filter(g -> g.cpu() != null && g.cpu().saturated()).findFirst().ifPresent(g ->
                    warnings.add(VerdictWords.wrkSaturated("on " + g.label(), used(g.cpu().wrkCores(),
                            g.cpu().hostCores() == null ? g.threads() : Math.min(g.threads(), g.cpu().hostCores())))));
            double skew = generators.stream().map(GeneratorRun::startOffsetMs).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).max().orElse(0);
            if (skew > START_SKEW_SHARE * run.durationSeconds() * 1000) {
                warnings.add(format("the %d generators started %s apart: the common window is %.2f s",
                        generators.size(), Numbers.millis(skew), run.durationSeconds()));
            }
            if (generators.size() > 1 && (spread(generators.stream().filter(g -> g.connections() > 0)
                    .mapToDouble(g -> g.goodputPerSecond() / g.connections()).toArray()) > GENERATORS_DISAGREE
                    || spread(generators.stream().filter(g -> g.latencyMs() != null && g.latencyMs().p99() != null)
                    .mapToDouble(g -> g.latencyMs().p99()).toArray()) > GENERATORS_DISAGREE)) {
                StringBuilder each = new StringBuilder();
                for (GeneratorRun g : generators) {
                    each.append(each.length() == 0 ? "" : "; ").append(format("%s %s requests, p99 %s, %s",
                            g.label(), Numbers.count(g.requests()), Numbers.millis(g.latencyMs() == null ? null
                                    : g.latencyMs().p99()),
                            g.cpu() == null ? "CPU " + Numbers.MISSING : Numbers.cores(g.cpu().wrkCores()) + " cores"));
                }
                warnings.add("generators disagree (goodput per connection or p99 more than "
                        + Math.round(100 * GENERATORS_DISAGREE) + "% apart): " + each);
            }
            return; // once per point: the first iteration with generators speaks for the others
        }
    }

    /** max/min − 1 of positive values; 0 for fewer than two. */
    private static double spread(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return min <= 0 ? (max > 0 ? Double.POSITIVE_INFINITY : 0) : max / min - 1;
    }

    /** How much of its cores a saturated wrk used, in the words of {@link VerdictWords#wrkSaturated}. */
    private static String used(double wrkCores, int canUse) {
        return format("it used %s of the %d cores it can use", Numbers.cores(wrkCores), canUse);
    }

    private static double mean(Estimate estimate) {
        return estimate.mean() == null ? 0 : estimate.mean();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
