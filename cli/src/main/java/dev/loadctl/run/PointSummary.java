package dev.loadctl.run;

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

    /** Above this share of failed requests a point gets a warning. */
    static final double ERROR_RATE_WARNING = 0.01;

    private PointSummary() {
    }

    /** @param startUp the server's start-up times, or null when not measured */
    public static Point of(int threads, int wrkThreads, List<WrkResult> iterations, SweepParameters parameters,
                           StartUp startUp) {
        PointStats stats = Statistics.pointStats(iterations);
        double ceiling = parameters.littlesLawCeilingPerSecond();
        double goodput = stats.goodputPerSecond().mean() == null ? 0 : stats.goodputPerSecond().mean();
        double efficiency = ceiling > 0 ? goodput / ceiling : 0;
        return new Point(threads, wrkThreads, stats, ceiling, efficiency,
                warnings(stats, iterations, parameters), List.copyOf(iterations), startUp);
    }

    private static List<String> warnings(PointStats stats, List<WrkResult> iterations, SweepParameters parameters) {
        List<String> warnings = new ArrayList<>();
        CpuUsage cpu = iterations.stream().map(WrkResult::cpu).filter(Objects::nonNull).findFirst().orElse(null);
        if (stats.wrkSaturated() && cpu != null) {
            warnings.add(format("load generator saturated: wrk used %.2f of the %d cores it can use;"
                    + " throughput is a lower bound", mean(stats.wrkCores()),
                    Math.min(cpu.wrkThreads(), cpu.machineCores())));
        }
        if (cpu != null && stats.serverCores().mean() != null) {
            double busy = stats.serverCores().mean() + mean(stats.wrkCores());
            if (busy >= CpuClock.SATURATION_SHARE * cpu.machineCores()) {
                warnings.add(format("CPU full: server %.2f + wrk %.2f of %d cores; they compete, so this point"
                                + " measures the machine as much as the server", stats.serverCores().mean(),
                        mean(stats.wrkCores()), cpu.machineCores()));
            }
        }
        long connectErrors = iterations.stream().mapToLong(run -> run.socketErrors().connect()).max().orElse(0);
        if (connectErrors > 0) {
            warnings.add(format("wrk could not open %,d of its %,d connections (connect errors): see the open-files"
                    + " and listen backlog preflight checks", connectErrors, parameters.connections()));
        }
        long timeouts = iterations.stream().mapToLong(run -> run.socketErrors().timeout()).sum();
        if (timeouts > 0) {
            warnings.add(format("%,d requests timed out (no response within wrk's --timeout %.0f s)", timeouts,
                    parameters.timeoutSeconds()));
        }
        if (mean(stats.errorRate()) > ERROR_RATE_WARNING) {
            warnings.add(format("%.1f%% of requests were not a timely 2xx response", 100 * mean(stats.errorRate())));
        }
        if (stats.latencyP99Ms().mean() != null && stats.latencyP99Ms().mean() > parameters.slaP99Ms()) {
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
