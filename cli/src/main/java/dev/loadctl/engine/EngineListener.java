package dev.loadctl.engine;

import dev.loadctl.LoadctlException;
import dev.loadctl.result.SweepResult;

import java.nio.file.Path;
import java.util.List;

/**
 * What the engine reports while it runs. Called on the engine's thread, in this order: preflightDone,
 * started, then per probe pointStarted, phase..., targetReady, and pointFinished or pointFailed; finished
 * last, also when the run stops early (then {@code result.complete()} is false).
 */
public interface EngineListener {

    default void preflightDone(List<SweepResult.PreflightCheck> checks) {
    }

    default void started(PlanOutline outline, Path resultFile) {
    }

    default void pointStarted(int point, Probe probe) {
    }

    default void phase(Phase phase) {
    }

    /** The probe's server answers; {@code startUp} is what the point will record. */
    default void targetReady(int point, SweepResult.StartUp startUp) {
    }

    default void pointFinished(int point, SweepResult.Point result) {
    }

    /** A probe failed and the plan goes on without it. */
    default void pointFailed(int point, Probe probe, LoadctlException failure) {
    }

    /**
     * Something the user must know that is neither a point nor a failure: processes a target left that could
     * not be stopped, or processes a killed loadctl had left that were stopped before this run.
     */
    default void warning(String message) {
    }

    default void finished(SweepResult result, Path resultFile) {
    }
}
