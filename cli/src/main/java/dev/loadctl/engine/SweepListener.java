package dev.loadctl.engine;

import dev.loadctl.result.SweepResult;

import java.nio.file.Path;
import java.util.List;

/**
 * What a sweep reports while it runs. Called on the sweep's thread, in this order: preflightDone,
 * sweepStarted, then per point pointStarted, phase..., targetReady, pointFinished; and sweepFinished
 * last, also when the sweep stops early (then {@code result.complete()} is false).
 */
public interface SweepListener {

    default void preflightDone(List<SweepResult.PreflightCheck> checks) {
    }

    default void sweepStarted(SweepPlan plan, Path resultFile) {
    }

    default void pointStarted(int point, int threads) {
    }

    default void phase(SweepPhase phase) {
    }

    /** The point's server answers; {@code startUp} is what the point will record. */
    default void targetReady(int point, SweepResult.StartUp startUp) {
    }

    default void pointFinished(int point, SweepResult.Point result) {
    }

    default void sweepFinished(SweepResult result, Path resultFile) {
    }
}
