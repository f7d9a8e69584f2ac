package dev.loadctl.engine;

import java.time.Duration;

/**
 * A step within a probe, announced when it starts.
 *
 * @param point     1-based index of the probe in the plan
 * @param iteration 1-based measured iteration; 0 for the other kinds
 * @param planned   how long this step should take (an estimate for starting and stopping)
 */
public record Phase(Kind kind, int point, Probe probe, int iteration, int iterations, Duration planned) {

    public enum Kind { STARTING_TARGET, WARMUP, ITERATION, STOPPING_TARGET }

    public int threads() {
        return probe.threads();
    }

    public String describe() {
        return switch (kind) {
            case STARTING_TARGET -> "starting the server";
            case WARMUP -> "warm-up " + seconds(planned) + " (not recorded)";
            case ITERATION -> "iteration " + iteration + "/" + iterations + ", " + seconds(planned);
            case STOPPING_TARGET -> "stopping the server";
        };
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
