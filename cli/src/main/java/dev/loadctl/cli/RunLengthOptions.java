package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Option;

/** How long each point is measured: shared by every command that runs a plan. Unset flags keep the profile's. */
public final class RunLengthOptions {

    @Option(names = "--duration", paramLabel = "D",
            description = "Each measured wrk run, 1s to 24h, e.g. 30s (default: the profile's; 30s).")
    String duration;

    @Option(names = "--warmup", paramLabel = "D",
            description = "Unrecorded wrk run before each point's iterations, 0s to 24h (default: the profile's; 5s;"
                    + " 0s skips it).")
    String warmup;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Measured runs per point; more than one gives mean ± error (default: the profile's; 1).")
    Integer iterations;

    SweepValues over(SweepValues base) {
        SweepValues set = SweepValues.NONE;
        set = duration == null ? set : set.withDuration(duration);
        set = warmup == null ? set : set.withWarmup(warmup);
        set = iterations == null ? set : set.withIterations(iterations);
        return set.over(base);
    }
}
