package dev.loadctl.engine;

import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.SweepParameters;

import java.time.Duration;
import java.util.List;

/** The engine's plans, built from validated options. */
public final class Plans {

    private Plans() {
    }

    /** A sweep: one target, one point per server thread count, stopped by the first failure. */
    public static FixedPlan sweep(SweepOptions options) {
        List<Probe> probes = options.threads().stream().map(threads -> options.probe(null, threads)).toList();
        return new FixedPlan(SweepResult.KIND_SWEEP, options.profileName(), options.outDir(), parameters(options),
                null, options.preflightRequest(), probes, false);
    }

    /** What a result records as asked for, from these options. */
    public static SweepParameters parameters(SweepOptions options) {
        return new SweepParameters(options.threads(), options.connections(), seconds(options.duration()),
                seconds(options.warmup()), options.iterations(), options.wrkThreads(), options.targetRps(),
                options.slaP99().toNanos() / 1e6, options.delay().toNanos() / 1e6, seconds(options.timeout()),
                options.target().description(), options.url(), options.lua(), options.lua() && options.stagger(),
                options.overrides());
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
