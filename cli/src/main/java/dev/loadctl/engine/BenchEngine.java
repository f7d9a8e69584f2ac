package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.preflight.PreflightReport.Outcome;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.preflight.ProcFs;
import dev.loadctl.result.BenchResult;
import dev.loadctl.result.SweepResult;
import dev.loadctl.wrk.Wrk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs a bench: for each connection count, every target in turn through {@link SweepEngine}, each
 * sub-sweep in its own folder {@code <bench>/<target>-c<connections>/}, and bench.json beside them after
 * every sub-sweep. A target whose server is missing (its program or a {@code requires:} probe fails) is
 * skipped with its fix. A sub-sweep that fails (the target did not start, wrk failed) is recorded and the
 * bench goes on; a machine that is not ready (wrk missing, port taken: {@link ExitCode#ENVIRONMENT}) stops
 * it. {@link #requestStop()} stops the running sub-sweep as a sweep's Ctrl-C does, then the bench saves
 * its finished runs with {@code complete=false} and throws {@link ExitCode#INTERRUPTED}.
 */
public final class BenchEngine {

    private final BenchPlan plan;
    private final BenchListener listener;
    private final ProcFs procFs;
    private final Callable<String> wrkVersion;
    private boolean stopRequested;
    private SweepEngine running;

    public BenchEngine(BenchPlan plan, BenchListener listener) {
        this(plan, listener, ProcFs.system(), Wrk::version);
    }

    /** With another /proc root and wrk probe, for tests. */
    public BenchEngine(BenchPlan plan, BenchListener listener, ProcFs procFs, Callable<String> wrkVersion) {
        this.plan = plan;
        this.listener = listener;
        this.procFs = procFs;
        this.wrkVersion = wrkVersion;
    }

    /** The saved bench, with the exit code it earns: OK, or the first failed sub-sweep's. */
    public record BenchOutcome(BenchResult result, Path benchFile, ExitCode exitCode) {
    }

    public BenchOutcome run() {
        List<BenchTarget> measured = new ArrayList<>();
        List<BenchResult.TargetStatus> statuses = new ArrayList<>();
        for (BenchTarget target : plan.targets()) {
            BenchResult.TargetStatus status = check(target);
            statuses.add(status);
            if (BenchResult.SKIPPED.equals(status.status())) {
                listener.targetSkipped(status);
            } else {
                measured.add(target);
            }
        }
        Path folder = SweepRecord.newFolder(plan.outDir(), plan.profileName());
        BenchRecord record = new BenchRecord(folder, plan, listener::saved);
        statuses.forEach(record::target);
        record.write(false, null);
        listener.benchStarted(plan, measured, record.file());
        ExitCode firstFailure = null;
        try {
            int runs = plan.connections().size() * measured.size();
            int run = 0;
            for (int connections : plan.connections()) {
                for (BenchTarget target : measured) {
                    ExitCode failure = runOne(record, target, connections, ++run, runs, folder);
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
            BenchResult result = record.write(true, null);
            return new BenchOutcome(result, record.file(), firstFailure == null ? ExitCode.OK : firstFailure);
        } catch (RuntimeException e) {
            boolean interrupted = isStopRequested();
            try {
                record.write(false, interrupted ? SweepEngine.INTERRUPTED_REASON
                        : e instanceof LoadctlException ? e.getMessage() : "internal error: " + e);
            } catch (RuntimeException notSaved) {
                e.addSuppressed(notSaved);
            }
            if (interrupted) {
                throw new LoadctlException(ExitCode.INTERRUPTED, String.format(Locale.ROOT,
                        "%s: %d finished run(s) saved in %s (complete=false)", SweepEngine.INTERRUPTED_REASON,
                        record.finishedRuns(), record.file()));
            }
            throw e;
        } finally {
            listener.benchFinished(record.current(), record.file());
        }
    }

    /** Stops the running sub-sweep now; {@link #run()} then saves and throws. Safe from any thread. */
    public void requestStop() {
        SweepEngine engine;
        synchronized (this) {
            stopRequested = true;
            engine = running;
        }
        if (engine != null) {
            engine.requestStop();
        }
    }

    /** One sub-sweep; returns its failure's exit code when it failed and the bench may go on, else null. */
    private ExitCode runOne(BenchRecord record, BenchTarget target, int connections, int run, int runs, Path folder) {
        Path runFolder = folder.resolve(target.name() + "-c" + connections);
        CapturingListener capture = new CapturingListener(listener.runStarted(target, connections, run, runs));
        SweepEngine engine = new SweepEngine(target.sweepAt(connections, runFolder), capture, procFs, wrkVersion);
        synchronized (this) {
            if (stopRequested) {
                throw new LoadctlException(ExitCode.INTERRUPTED, SweepEngine.INTERRUPTED_REASON);
            }
            running = engine;
        }
        try {
            SweepEngine.SweepOutcome outcome = engine.run();
            record.add(target, connections, outcome.resultFile(), outcome.result(), null);
            return null;
        } catch (LoadctlException e) {
            BenchResult.Run failed = record.add(target, connections, runFolder.resolve(SweepRecord.RESULT_FILE),
                    capture.result, isStopRequested() ? SweepEngine.INTERRUPTED_REASON : e.getMessage());
            if (isStopRequested() || e.exitCode() == ExitCode.INTERRUPTED || e.exitCode() == ExitCode.ENVIRONMENT) {
                throw e;
            }
            listener.runFailed(failed, e);
            return e.exitCode();
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    /** Skipped when its server program or a requirement is missing; the first failure says how to fix it. */
    private BenchResult.TargetStatus check(BenchTarget target) {
        SweepOptions options = target.sweepAt(plan.connections().get(0), null);
        Optional<Outcome> missing = Preflight.targetChecks(options.serverCommand(), options.requirements()).stream()
                .filter(Outcome::failed).findFirst();
        return new BenchResult.TargetStatus(target.name(), target.profile(), target.threads(),
                options.target().description(), missing.isPresent() ? BenchResult.SKIPPED : BenchResult.MEASURED,
                missing.map(outcome -> outcome.check().message()).orElse(null),
                missing.map(outcome -> outcome.check().fix()).orElse(null));
    }

    private synchronized boolean isStopRequested() {
        return stopRequested;
    }

    /** Passes a sub-sweep's events on and keeps its last saved result, also when it fails. */
    private static final class CapturingListener implements SweepListener {
        private final SweepListener delegate;
        private SweepResult result;

        CapturingListener(SweepListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void preflightDone(List<SweepResult.PreflightCheck> checks) {
            delegate.preflightDone(checks);
        }

        @Override
        public void sweepStarted(SweepPlan sweepPlan, Path resultFile) {
            delegate.sweepStarted(sweepPlan, resultFile);
        }

        @Override
        public void pointStarted(int point, int threads) {
            delegate.pointStarted(point, threads);
        }

        @Override
        public void phase(SweepPhase phase) {
            delegate.phase(phase);
        }

        @Override
        public void targetReady(int point, SweepResult.StartUp startUp) {
            delegate.targetReady(point, startUp);
        }

        @Override
        public void pointFinished(int point, SweepResult.Point finished) {
            delegate.pointFinished(point, finished);
        }

        @Override
        public void sweepFinished(SweepResult finished, Path resultFile) {
            result = finished;
            delegate.sweepFinished(finished, resultFile);
        }
    }
}
