package dev.loadctl.engine;

import dev.loadctl.LoadctlException;
import dev.loadctl.result.BenchResult;

import java.nio.file.Path;
import java.util.List;

/**
 * What a bench reports while it runs, on the bench's thread: targetSkipped for each target whose server
 * is missing, benchStarted, then per sub-sweep runStarted (whose listener sees that sweep's events),
 * runFailed if it failed, and saved after each write of bench.json; benchFinished last, also when the
 * bench stops early.
 */
public interface BenchListener {

    default void targetSkipped(BenchResult.TargetStatus target) {
    }

    default void benchStarted(BenchPlan plan, List<BenchTarget> measured, Path benchFile) {
    }

    /** The listener for this sub-sweep's own events. */
    default SweepListener runStarted(BenchTarget target, int connections, int run, int runs) {
        return new SweepListener() {
        };
    }

    default void runFailed(BenchResult.Run run, LoadctlException failure) {
    }

    default void saved(BenchResult result, Path benchFile) {
    }

    default void benchFinished(BenchResult result, Path benchFile) {
    }
}
