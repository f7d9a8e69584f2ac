package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.HostProcStat;
import dev.loadctl.launch.Ports;
import dev.loadctl.launch.RunningTarget;
import dev.loadctl.launch.Ssh;
import dev.loadctl.launch.ServerWindow;
import dev.loadctl.launch.StartUp;
import dev.loadctl.launch.TargetProcess;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.preflight.PreflightReport;
import dev.loadctl.preflight.ProcFs;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.WrkResult;
import dev.loadctl.engine.Phase.Kind;
import dev.loadctl.engine.Plan.Done;
import dev.loadctl.wrk.Wrk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs a plan: preflight, then probe after probe — start the target, wait until it answers, warm up,
 * measure with the load generator, stop the target and check its port is free — rewriting the result
 * file after each. Where the plan lets consecutive probes share a target (a capacity search at one thread
 * count), the server keeps running between them and is warmed up once after it starts. It knows nothing of
 * the command line, of verdicts or of charts.
 *
 * <p>{@link #requestStop()} (from a signal handler) stops the load generator and the target at once; the
 * run then saves its finished points with {@code complete=false} and throws {@link ExitCode#INTERRUPTED}.
 * A probe that fails ends the run, unless the plan goes on after failures (a bench); a machine that is not
 * ready ({@link ExitCode#ENVIRONMENT}) always ends it.
 */
public final class Engine {

    /** Time allowed per probe for starting and stopping the server, for the time-left estimate. */
    static final Duration START_STOP_ESTIMATE = Duration.ofSeconds(2);
    /** How long the port may stay taken after the server stopped. */
    static final Duration PORT_RELEASE_LIMIT = Duration.ofSeconds(15);
    /** A wrk run shorter than this share of its -d was cut short. */
    static final double FULL_LENGTH_SHARE = 0.9;
    /** A /stats read takes milliseconds; a server too busy to answer in this just goes without the figure. */
    static final Duration STATS_TIMEOUT = Duration.ofSeconds(2);
    public static final String INTERRUPTED_REASON = "interrupted by a signal (Ctrl-C or SIGTERM)";

    private final Plan plan;
    private final LoadGenerator generator;
    private final EngineListener listener;
    private final ProcFs procFs;
    private final Callable<String> wrkVersion;
    private final CpuClock cpuClock;
    private volatile boolean stopRequested;
    private RunningTarget runningTarget;
    /** The server left running for the next probe (the plan shares targets), with the start-up it had. */
    private Kept kept;
    private int machineCores;
    private Duration portReleaseLimit = PORT_RELEASE_LIMIT;

    public Engine(Plan plan, EngineListener listener) {
        this(plan, LoadGenerators.of(plan.preflight().generators()), listener, ProcFs.system(), Wrk::version);
    }

    /** With another load generator, /proc root and wrk probe, for tests. */
    public Engine(Plan plan, LoadGenerator generator, EngineListener listener, ProcFs procFs,
                  Callable<String> wrkVersion) {
        this.plan = plan;
        this.generator = generator;
        this.listener = listener;
        this.procFs = procFs;
        this.wrkVersion = wrkVersion;
        this.cpuClock = new CpuClock(procFs);
    }

    /** How long the port may stay taken after the server stopped; shorter in tests. */
    Engine portReleaseLimit(Duration limit) {
        this.portReleaseLimit = limit;
        return this;
    }

    /** A finished run: its result as saved, where, and whether a probe failed on the way (a bench goes on). */
    public record Outcome(SweepResult result, Path resultFile, ExitCode firstFailure) {
    }

    /** The saved, complete result. Throws (after saving the finished points) when the run stops early. */
    public Outcome run() {
        // Before preflight: a server a killed loadctl left behind would hold the port it checks.
        TargetProcess.stopLeftovers().forEach(listener::warning);
        try {
            return runPlan();
        } finally {
            generator.close();
            if (plan.preflight().serverHost() != null) {
                Ssh.closeShared(plan.preflight().serverHost().ssh());
            }
        }
    }

    private Outcome runPlan() {
        PreflightReport preflight = Preflight.check(plan.preflight(), procFs, wrkVersion);
        machineCores = preflight.facts().cores();
        listener.preflightDone(preflight.checks());
        preflight.requirePassed();
        if (stopRequested) {
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON + " before the first point;"
                    + " nothing was written");
        }
        ResultRecord record = ResultRecord.create(plan, preflight.facts().toEnvironment(preflight.wrkVersion()),
                preflight.checks());
        listener.started(plan.outline(), record.file());
        List<Done> done = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        ExitCode firstFailure = null;
        SweepResult shown = null;
        try {
            for (Optional<Probe> next = plan.next(done); next.isPresent(); next = plan.next(done)) {
                Probe probe = next.get();
                int point = done.size() + 1;
                if (kept != null && !plan.sharesTarget(kept.probe(), probe)) {
                    stopKept();
                }
                Point measured;
                try {
                    measured = plan.recorded(probe, measure(point, probe), List.copyOf(done));
                } catch (LoadctlException e) {
                    if (stopRequested || !plan.goesOnAfterFailure() || e.exitCode() == ExitCode.INTERRUPTED
                            || e.exitCode() == ExitCode.ENVIRONMENT) {
                        throw e;
                    }
                    record.fail(probe, e.getMessage());
                    done.add(new Done(probe, null, e.getMessage()));
                    firstFailure = firstFailure == null ? e.exitCode() : firstFailure;
                    listener.pointFailed(point, probe, e);
                    continue;
                }
                save(record, point, probe, measured, saved);
                done.add(new Done(probe, measured, null));
                listener.pointFinished(point, measured);
                if (kept == null) {
                    // After the point is saved: a port that stays taken stops the run, but loses nothing measured.
                    awaitPortFree(probe, point);
                }
            }
            stopKept();
            return new Outcome(record.finish(true, null), record.file(),
                    firstFailure == null ? ExitCode.OK : firstFailure);
        } catch (RuntimeException e) {
            RuntimeException reported = stopRequested ? interrupted(record) : e;
            String reason = stopRequested ? INTERRUPTED_REASON
                    : e instanceof LoadctlException ? e.getMessage() : "internal error: " + e;
            try {
                record.finish(false, reason);
            } catch (RuntimeException notSaved) {
                reported.addSuppressed(notSaved);
                // The file keeps what the last write that succeeded put there; show that, and why the run stopped.
                shown = record.lastSavedStoppedBy(reason);
            }
            throw reported;
        } finally {
            closeKept();
            listener.finished(shown != null ? shown : record.current(), record.file());
        }
    }

    /** Stops the server kept for the next probe, then checks its port as after any stop. */
    private void stopKept() {
        if (kept == null) {
            return;
        }
        Kept stopping = kept;
        phase(Kind.STOPPING_TARGET, stopping.point(), stopping.probe(), 0, Duration.ZERO);
        closeKept();
        awaitPortFree(stopping.probe(), stopping.point());
    }

    /** The server kept from the probe before, now this probe's; null when none, or it died (it is closed). */
    private Kept takeKept() {
        if (kept != null && !kept.target().isAlive()) {
            closeKept();
        }
        Kept taken = kept;
        kept = null;
        return taken;
    }

    private void closeKept() {
        if (kept == null) {
            return;
        }
        Kept closing = kept;
        kept = null;
        synchronized (this) {
            runningTarget = null;
        }
        closing.target().close();
        warnLeftRunning(closing.probe(), closing.target());
    }

    /**
     * Saves a measured point. It counts as saved only once the write returned: when the write fails, the run
     * stops (exit 3) naming the point that was lost and the points the file holds.
     */
    private static void save(ResultRecord record, int point, Probe probe, Point measured, List<String> saved) {
        int before = record.points();
        String name = point + " (" + probe.label() + ")";
        try {
            record.add(measured);
        } catch (LoadctlException e) {
            if (record.points() > before) {
                saved.add(name);
                throw e; // written; only the latest link could not be moved
            }
            throw new LoadctlException(ExitCode.ENVIRONMENT, "point " + name + " was measured but could not be saved: "
                    + e.getMessage() + "; the file holds " + (saved.isEmpty() ? "no point"
                    : (saved.size() == 1 ? "point " : "points ") + String.join(", ", saved)), e);
        }
        saved.add(name);
    }

    /** Stops the running load and server now; {@link #run()} then saves and returns. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
        RunningTarget target;
        synchronized (this) {
            target = runningTarget;
        }
        generator.stop();
        if (target != null) {
            target.close();
        }
    }

    /**
     * Starts the target (or takes the one kept from the probe before), warms up, measures, and stops the
     * target unless the plan lets the next probe share it; the point is not saved yet.
     */
    private Point measure(int point, Probe probe) {
        listener.pointStarted(point, probe);
        LoadShape load = probe.load();
        List<WrkResult> iterations = new ArrayList<>();
        Kept reused = takeKept();
        boolean fresh = reused == null;
        RunningTarget target = fresh ? startTarget(point, probe) : reused.target();
        SweepResult.StartUp startUp = fresh ? recorded(target.startUp()) : reused.startUp();
        boolean keep = false;
        try {
            if (fresh) {
                listener.targetReady(point, startUp);
            }
            generator.targetReady(load);
            if (fresh) {
                warmUpFreshTarget(target, point, probe);
            }
            if (!load.warmup().isZero()) {
                phase(Kind.WARMUP, point, probe, 0, load.warmup());
                runLoad(target, probe, load.warmup());
            }
            for (int iteration = 1; iteration <= load.iterations(); iteration++) {
                phase(Kind.ITERATION, point, probe, iteration, load.duration());
                iterations.add(runLoad(target, probe, load.duration()));
            }
            keep = plan.sharesTarget(probe, probe); // a plan that shares targets at all keeps it for the next
            if (!keep) {
                phase(Kind.STOPPING_TARGET, point, probe, 0, Duration.ZERO);
            }
        } finally {
            if (keep) {
                kept = new Kept(probe, point, target, startUp);
            } else {
                synchronized (this) {
                    runningTarget = null;
                }
                target.close();
                warnLeftRunning(probe, target);
            }
        }
        // Several generators run at least one thread each: the point records the wrk threads that ran.
        int wrkThreads = iterations.isEmpty() ? load.wrkThreads() : iterations.get(0).threads();
        return PointSummary.of(probe.target(), load.connections(), probe.threads(), wrkThreads, iterations,
                plan.parameters(), startUp);
    }

    /**
     * The plan's fresh-target warm-up, as runs as long as the probe's own: each opens, loads and closes the
     * connections as a probe does, so the server's JIT compiles the close path too. After one long run, the
     * first close of thousands of connections sent the bundled server back to slower code, and the probe
     * after it failed where the same load passed later (docs/benchmarks.md, "Warm-up").
     */
    private void warmUpFreshTarget(RunningTarget target, int point, Probe probe) {
        Duration left = plan.freshTargetWarmup();
        Duration run = probe.load().duration();
        while (left.compareTo(Duration.ZERO) > 0) {
            Duration next = left.compareTo(run) < 0 ? left : run;
            phase(Kind.WARMUP, point, probe, 0, next);
            runLoad(target, probe, next);
            left = left.minus(next);
        }
    }

    /**
     * The started server, once it answers (and has given its first 2xx, or that wait has passed). The launcher
     * readies what its starts share first, so that the first start of a run is timed as every later one.
     */
    private RunningTarget startTarget(int point, Probe probe) {
        phase(Kind.STARTING_TARGET, point, probe, 0, START_STOP_ESTIMATE);
        // Unmeasured, before the spawn that start-up is timed from (the bundled server's class archive, once per jar).
        probe.launcher().prepare();
        RunningTarget target = probe.launcher().start(probe.threads());
        try {
            track(target);
            target.awaitReady(probe.readyTimeout());
            return target;
        } catch (RuntimeException e) {
            target.close();
            warnLeftRunning(probe, target);
            throw e;
        }
    }

    private void warnLeftRunning(Probe probe, RunningTarget target) {
        if (!target.leftRunning().isEmpty()) {
            listener.warning("the " + probe.label() + " server left processes that could not be stopped: "
                    + String.join(", ", target.leftRunning()) + "; stop them by hand");
        }
    }

    private record Kept(Probe probe, int point, RunningTarget target, SweepResult.StartUp startUp) {
    }

    private static SweepResult.StartUp recorded(StartUp startUp) {
        return new SweepResult.StartUp(millis(startUp.ready()),
                startUp.first2xx() == null ? null : millis(startUp.first2xx()), startUp.no2xxReason());
    }

    private static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1e5) / 10.0;
    }

    /**
     * One run of the load with CPU read at its start and after it ends (see {@link CpuClock}), bracketed by two
     * reads of the server's latency window (outside the CPU readings, so neither is in the measured figures).
     */
    private WrkResult runLoad(RunningTarget target, Probe probe, Duration duration) {
        target.readStatsWindow(STATS_TIMEOUT); // starts the window: what came before (warm-up) is not in it
        HostProcStat hostStart = target.hostProcStat(STATS_TIMEOUT);
        CpuClock.Reading start = cpuClock.read(target.processTree(), hostStart);
        WrkResult result = generator.measure(probe.load(), duration);
        HostProcStat hostEnd = target.hostProcStat(STATS_TIMEOUT);
        CpuClock.Reading end = cpuClock.read(target.processTree(), hostEnd);
        if (target.remote() && (hostStart == null || hostEnd == null)) {
            end = end.withoutServer(); // one reading of the host is not a figure
        }
        ServerWindow window = target.readStatsWindow(STATS_TIMEOUT);
        requireFullLength(result, duration);
        if (!target.isAlive()) {
            throw new LoadctlException(ExitCode.TARGET_FAILED, "the target server died during the wrk run;"
                    + " its last output:\n    " + String.join("\n    ", target.lastOutput()));
        }
        WrkResult.CpuUsage cpu = CpuClock.between(start, end, probe.load().wrkThreads(), machineCores);
        if (target.remote()) {
            cpu = cpu.onServerHost(probe.launcher().serverHost().toString());
        }
        return result.withCpu(MultiWrk.cpu(cpu, result)).withServerThreads(probe.threads())
                .withServerLatency(window == null ? null : new WrkResult.ServerLatencyMs(window.p50Ms(),
                        window.p99Ms(), window.maxMs(), window.requests()));
    }

    /**
     * Ctrl-C on a terminal reaches wrk too (same process group): wrk then stops early and prints a
     * result for the seconds it ran. Such a run is not a measurement of the asked duration.
     */
    private void requireFullLength(WrkResult result, Duration asked) {
        double askedSeconds = Math.ceil(asked.toMillis() / 1000.0);
        if (stopRequested) {
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON);
        }
        if (result.durationSeconds() < FULL_LENGTH_SHARE * askedSeconds) {
            throw new LoadctlException(ExitCode.WRK_FAILED, String.format(Locale.ROOT,
                    "wrk stopped after %.2f s of %.0f s (interrupted?); the run is not recorded",
                    result.durationSeconds(), askedSeconds));
        }
    }

    /** Remembers what {@link #requestStop()} must stop; if a stop came first, stops it here. */
    private void track(RunningTarget target) {
        synchronized (this) {
            runningTarget = target;
        }
        if (stopRequested) {
            requestStop();
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON);
        }
    }

    /**
     * Waits until the stopped target's port is free; throws, saying the point is saved, when it is not. On a
     * server host the port is not this machine's: the wrapper there waited until the server's group ended.
     */
    private void awaitPortFree(Probe probe, int point) {
        if (probe.launcher().serverHost() != null) {
            return;
        }
        try {
            if (!Ports.awaitFree(probe.host(), probe.port(), portReleaseLimit)) {
                throw new LoadctlException(ExitCode.TARGET_FAILED, "port " + probe.port() + " is still in use "
                        + seconds(portReleaseLimit) + " after the server stopped: something else took it,"
                        + " or the server left a process behind (look with: ss -ltnp 'sport = :" + probe.port() + "')"
                        + "; point " + point + " (" + probe.label() + ") was saved");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private void phase(Kind kind, int point, Probe probe, int iteration, Duration planned) {
        listener.phase(new Phase(kind, point, probe, iteration, probe.load().iterations(), planned));
    }

    private LoadctlException interrupted(ResultRecord record) {
        return new LoadctlException(ExitCode.INTERRUPTED, String.format(Locale.ROOT,
                "%s: %d finished point(s) saved in %s (complete=false)", INTERRUPTED_REASON, record.points(),
                record.file()));
    }
}
