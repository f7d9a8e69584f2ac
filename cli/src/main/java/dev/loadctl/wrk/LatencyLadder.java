package dev.loadctl.wrk;

import java.util.Arrays;

/**
 * wrk's latency distribution as the bundled script exports it: quantiles at fixed percents (0 is the
 * minimum, 100 the maximum), in microseconds. wrk's own histogram has a bucket per microsecond up to
 * --timeout; the script cannot export it cheaply (see loadctl.lua), so the ladder stands for it: between
 * two rungs lies that share of the samples.
 *
 * <p>The histogram behind it is the one wrk prints its percentiles from: wrk corrects it for coordinated
 * omission before the script sees it (stats_correct in wrk.c adds, for every latency of at least twice
 * the run's mean interval per connection, samples at that latency minus one, two, ... intervals). So the
 * ladder describes the corrected distribution, as wrk's printed percentiles do.
 *
 * @param percents ascending, from 0 to 100
 * @param micros   the latency at each percent, non-decreasing
 */
public record LatencyLadder(double[] percents, long[] micros) {

    public LatencyLadder {
        if (percents.length != micros.length || percents.length < 2) {
            throw new IllegalArgumentException("a ladder needs as many values as percents, at least 2");
        }
        percents = percents.clone();
        micros = micros.clone();
    }

    public int size() {
        return percents.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencyLadder that && Arrays.equals(percents, that.percents)
                && Arrays.equals(micros, that.micros);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(percents) + Arrays.hashCode(micros);
    }

    @Override
    public String toString() {
        return "LatencyLadder" + Arrays.toString(percents) + Arrays.toString(micros);
    }
}
