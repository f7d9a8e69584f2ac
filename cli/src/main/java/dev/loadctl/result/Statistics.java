package dev.loadctl.result;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Mean ± error over iterations, the JMH way (Student-t, 99.9% confidence). */
public final class Statistics {

    public static final double CONFIDENCE_LEVEL = 0.999;
    /** A relative error above this makes the estimate "wide": the sweep and report warn about it. */
    public static final double WIDE_SPREAD_RELATIVE_ERROR = 0.10;

    private Statistics() {
    }

    /** Estimate over the non-null values; an estimate with n=0 and null fields when there are none. */
    public static SweepResult.Estimate estimate(Collection<Double> values) {
        DescriptiveStatistics stats = new DescriptiveStatistics();
        values.stream().filter(Objects::nonNull).forEach(stats::addValue);
        int n = (int) stats.getN();
        if (n == 0) {
            return new SweepResult.Estimate(0, null, null, CONFIDENCE_LEVEL, null, null, null, false);
        }
        double mean = stats.getMean();
        Double error = null;
        Double stdev = null;
        boolean wide = false;
        if (n > 1) {
            stdev = stats.getStandardDeviation();
            TDistribution t = new TDistribution(n - 1);
            double quantile = t.inverseCumulativeProbability(1 - (1 - CONFIDENCE_LEVEL) / 2);
            error = quantile * stdev / Math.sqrt(n);
            wide = mean != 0 && Math.abs(error / mean) > WIDE_SPREAD_RELATIVE_ERROR;
        }
        return new SweepResult.Estimate(n, mean, error, CONFIDENCE_LEVEL, stdev, stats.getMin(), stats.getMax(), wide);
    }

    /**
     * A point's statistics over its measured iterations: what the sweep saves, and what the report
     * recomputes rather than trusting a saved file's.
     */
    public static SweepResult.PointStats pointStats(List<WrkResult> iterations) {
        return new SweepResult.PointStats(
                over(iterations, WrkResult::goodputPerSecond),
                over(iterations, WrkResult::requestsPerSecond),
                over(iterations, run -> run.latencyMs() == null ? null : run.latencyMs().p50()),
                over(iterations, run -> run.latencyMs() == null ? null : run.latencyMs().p99()),
                over(iterations, run -> run.latencyMs() == null ? null : run.latencyMs().max()),
                over(iterations, WrkResult::errorRate),
                over(iterations, run -> run.cpu() == null ? null : run.cpu().serverCores()),
                over(iterations, run -> run.cpu() == null ? null : run.cpu().wrkCores()),
                iterations.stream().map(WrkResult::cpu).filter(Objects::nonNull)
                        .anyMatch(WrkResult.CpuUsage::wrkSaturated));
    }

    private static SweepResult.Estimate over(List<WrkResult> iterations, Function<WrkResult, Double> value) {
        return estimate(iterations.stream().map(value).toList());
    }
}
