package dev.loadctl.engine;

import java.time.Duration;
import java.util.List;

/**
 * What a sweep will do and how long it should take, for progress and time-left displays.
 *
 * @param startStopEstimate time allowed per point for starting and stopping the server (a guess)
 */
public record SweepPlan(String profile, List<Integer> threads, int connections, Duration warmup, Duration duration,
                        int iterations, Duration startStopEstimate, String url) {

    public int points() {
        return threads.size();
    }

    public Duration perPoint() {
        return startStopEstimate.plus(warmup).plus(duration.multipliedBy(iterations));
    }

    public Duration total() {
        return perPoint().multipliedBy(points());
    }
}
