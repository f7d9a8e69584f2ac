package dev.loadctl.engine;

import dev.loadctl.result.Rules;
import dev.loadctl.result.Statistics;
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

    private static List<String> warnings(PointStats stats, List<WrkResult> iterations, int connections,
                                         SweepParameters parameters) {
        List<String> warnings = new ArrayList<>();
        CpuUsage cpu = iterations.stream().map(WrkResult::cpu).filter(Objects::nonNull).findFirst().orElse(null);
        if (stats.wrkSaturated() && cpu != null) {
            warnings.add(format("load generator saturated: wrk used %.2f of the %d cores it can use;"
                    + " throughput is a lower bound", mean(stats.wrkCores()),
                    Math.min(cpu.wrkThreads(), cpu.machineCores())));
        }
        if (cpu != null && Rules.isMachineCpuFull(stats.serverCores().mean(), mean(stats.wrkCores()),
                cpu.machineCores())) {
            warnings.add(format("CPU full: server %.2f + wrk %.2f of %d cores; they compete, so this point"
                            + " measures the machine as much as the server", stats.serverCores().mean(),
                    mean(stats.wrkCores()), cpu.machineCores()));
        }
        long connectErrors = iterations.stream().mapToLong(run -> run.socketErrors().connect()).max().orElse(0);
        if (connectErrors > 0) {
            warnings.add(format("wrk could not open %,d of its %,d connections (connect errors): see the open-files"
                    + " and listen backlog preflight checks", connectErrors, connections));
        }
        long timeouts = iterations.stream().mapToLong(run -> run.socketErrors().timeout()).sum();
        if (timeouts > 0) {
            warnings.add(format("%,d requests timed out (no response within wrk's --timeout %.0f s)", timeouts,
                    parameters.timeoutSeconds()));
        }
        if (!Rules.isWithinErrorLimit(mean(stats.errorRate()))) {
            warnings.add(format("%.2f%% of requests were not a timely 2xx response, over the %.2f%% limit",
                    100 * mean(stats.errorRate()), 100 * Rules.MAX_ERROR_RATE));
        }
        if (stats.latencyP99Ms().mean() != null
                && Rules.isOverSla(stats.latencyP99Ms().mean(), parameters.slaP99Ms())) {
            warnings.add(format("p99 latency %.0f ms is over the %.0f ms SLA", stats.latencyP99Ms().mean(),
                    parameters.slaP99Ms()));
        }
        if (stats.goodputPerSecond().wideSpread()) {
            warnings.add(format("wide spread: goodput %.0f ± %.0f /s (more than %.0f%%); run more --iterations or a"
                            + " longer --duration", stats.goodputPerSecond().mean(), stats.goodputPerSecond().error(),
                    100 * Statistics.WIDE_SPREAD_RELATIVE_ERROR));
        }
        return warnings;
    }

    private static double mean(Estimate estimate) {
        return estimate.mean() == null ? 0 : estimate.mean();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
