package dev.loadctl.engine;

import java.time.Duration;
import java.util.List;

/**
 * What a plan will do and how long it should take, for progress and time-left displays.
 *
 * @param probes            the probes known now, in order
 * @param startStopEstimate time allowed per probe for starting and stopping the server (a guess)
 */
public record PlanOutline(String kind, String name, List<Probe> probes, Duration startStopEstimate) {

    public PlanOutline {
        probes = List.copyOf(probes);
    }

    public int points() {
        return probes.size();
    }

    /** Planned time of one probe: start and stop, warm-up, measured iterations. */
    public Duration perPoint(Probe probe) {
        LoadShape load = probe.load();
        return startStopEstimate.plus(load.warmup()).plus(load.duration().multipliedBy(load.iterations()));
    }

    /** Planned time of the probes before the {@code point}-th (1-based). */
    public Duration before(int point) {
        Duration sum = Duration.ZERO;
        for (int i = 0; i < point - 1 && i < probes.size(); i++) {
            sum = sum.plus(perPoint(probes.get(i)));
        }
        return sum;
    }

    public Duration total() {
        return before(probes.size() + 1);
    }
}
