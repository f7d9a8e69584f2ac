package dev.loadctl.result;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.util.Collection;
import java.util.Objects;

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
}
