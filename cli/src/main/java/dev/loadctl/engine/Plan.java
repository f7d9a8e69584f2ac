package dev.loadctl.engine;

import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the engine runs: a sequence of probes, each chosen when the one before it has been measured. A
 * sweep and a bench are fixed lists ({@link FixedPlan}); an adaptive plan picks its next probe from the
 * points measured so far.
 */
public interface Plan {

    /** The result's kind: {@code sweep}, {@code bench} or {@code capacity}. */
    String kind();

    /** Names the result folder: {@code <out>/<yyyyMMdd-HHmmss>-<name>/}. */
    String name();

    /** The folder that receives the result folder and the {@code latest} link. */
    Path outDir();

    /** What the result records as asked for. */
    SweepParameters parameters();

    /** A bench's targets, connection counts and goals, recorded as asked for; null otherwise. */
    default BenchSetup bench() {
        return null;
    }

    /** A capacity search's settings and connection limit, recorded as asked for; null otherwise. */
    default CapacitySetup capacity() {
        return null;
    }

    /**
     * The point as it is saved and handed to listeners. An adaptive plan adds what the probe was for and what
     * it made of it; {@code before} is every probe done before this one.
     */
    default Point recorded(Probe probe, Point measured, List<Done> before) {
        return measured;
    }

    /** What the machine must allow, checked before any load. */
    PreflightRequest preflight();

    /** The next probe, given every probe done so far (measured or failed); empty when the plan is done. */
    Optional<Probe> next(List<Done> done);

    /** What progress displays may show ahead: the probes known now. */
    PlanOutline outline();

    /**
     * Whether {@code next} may run on the server process that {@code previous} ran on, kept running between
     * them: probes that change only the load then measure a warmed-up server, not a fresh JVM's first seconds.
     * A plan that measures start-up, or one server setting per point, starts a fresh target for every probe.
     */
    default boolean sharesTarget(Probe previous, Probe next) {
        return false;
    }

    /**
     * When probes share targets, the warm-up a freshly started target gets before its first probe's own (its
     * JIT and caches settle there once, instead of in every probe); zero when each probe has its own target.
     */
    default Duration freshTargetWarmup() {
        return Duration.ZERO;
    }

    /**
     * Whether a probe that fails (its target does not start, wrk fails) is recorded and the plan goes on.
     * A machine that is not ready, and a stop by signal, end every plan.
     */
    boolean goesOnAfterFailure();

    /**
     * A probe the engine has finished with.
     *
     * @param point   what it measured; null when it failed
     * @param failure why it failed (one line); null when it was measured
     */
    record Done(Probe probe, Point point, String failure) {
    }
}
