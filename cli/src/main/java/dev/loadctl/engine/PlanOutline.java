package dev.loadctl.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * What a plan will do and how long it should take, for progress and time-left displays.
 *
 * @param probes            the probes known now, in order
 * @param startStopEstimate time allowed for starting and stopping a server (a guess)
 * @param sharesTarget      whether a probe runs on the server of the probe before it ({@link Plan#sharesTarget})
 * @param freshTargetWarmup the unmeasured load a freshly started server gets first ({@link Plan#freshTargetWarmup})
 */
public record PlanOutline(String kind, String name, List<Probe> probes, Duration startStopEstimate,
                          BiPredicate<Probe, Probe> sharesTarget, Duration freshTargetWarmup) {

    /**
     * Between two probes on one server: wrk's start and end, the result written (about 0.4 s measured,
     * docs/benchmarks.md, "`loadctl capacity`").
     */
    static final Duration SHARED_TARGET_GAP = Duration.ofMillis(400);

    public PlanOutline {
        probes = List.copyOf(probes);
    }

    /** A plan whose every probe starts its own server, with no warm-up beyond the probe's own. */
    public PlanOutline(String kind, String name, List<Probe> probes, Duration startStopEstimate) {
        this(kind, name, probes, startStopEstimate, (previous, next) -> false, Duration.ZERO);
    }

    public int points() {
        return probes.size();
    }

    /** Planned time of one probe that starts its own server: start and stop, warm-up, measured iterations. */
    public Duration perPoint(Probe probe) {
        return startStopEstimate.plus(freshTargetWarmup).plus(measured(probe));
    }

    /** Planned time of the probes before the {@code point}-th (1-based). */
    public Duration before(int point) {
        Duration sum = Duration.ZERO;
        for (int i = 0; i < point - 1 && i < probes.size(); i++) {
            Probe probe = probes.get(i);
            sum = sum.plus(i > 0 && sharesTarget.test(probes.get(i - 1), probe)
                    ? SHARED_TARGET_GAP.plus(measured(probe)) : perPoint(probe));
        }
        return sum;
    }

    public Duration total() {
        return before(probes.size() + 1);
    }

    /**
     * Planned time of these probes when they follow {@code previous} (null: nothing ran before them): a first probe
     * that shares its server starts nothing.
     */
    public Duration totalAfter(Probe previous) {
        if (previous == null || probes.isEmpty() || !sharesTarget.test(previous, probes.get(0))) {
            return total();
        }
        Probe first = probes.get(0);
        return total().minus(perPoint(first)).plus(SHARED_TARGET_GAP).plus(measured(first));
    }

    private static Duration measured(Probe probe) {
        LoadShape load = probe.load();
        return load.warmup().plus(load.duration().multipliedBy(load.iterations()));
    }
}
