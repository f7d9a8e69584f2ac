package dev.loadctl.engine;

import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.SweepResult.SweepParameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A plan whose probes are all known up front: a sweep (one target over thread counts) or a bench (targets
 * × connection counts × thread counts). Probes that failed count as done, so a bench moves past them.
 */
public record FixedPlan(String kind, String name, Path outDir, SweepParameters parameters, BenchSetup bench,
                        PreflightRequest preflight, List<Probe> probes, boolean goesOnAfterFailure)
        implements Plan {

    public FixedPlan {
        probes = List.copyOf(probes);
    }

    @Override
    public Optional<Probe> next(List<Done> done) {
        return done.size() < probes.size() ? Optional.of(probes.get(done.size())) : Optional.empty();
    }

    @Override
    public PlanOutline outline() {
        return new PlanOutline(kind, name, probes, Engine.START_STOP_ESTIMATE);
    }
}
