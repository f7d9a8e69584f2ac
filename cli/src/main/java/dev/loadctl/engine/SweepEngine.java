package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.preflight.MachineFacts;
import dev.loadctl.preflight.OpenFilesControl;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.preflight.PreflightReport;
import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.preflight.ProcFs;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;
import dev.loadctl.result.WrkResult;
import dev.loadctl.engine.SweepPhase.Kind;
import dev.loadctl.launch.Ports;
import dev.loadctl.launch.StartUp;
import dev.loadctl.launch.TargetProcess;
import dev.loadctl.wrk.Wrk;
import dev.loadctl.wrk.WrkInvocation;
import dev.loadctl.wrk.WrkProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs a sweep: preflight, then for each server thread count start the target, wait until it answers,
 * warm up, measure, stop it and check its port is free. The result file is rewritten after every point.
 * {@link #requestStop()} (from a signal handler) stops wrk and the server at once; the sweep then saves
 * its finished points with {@code complete=false} and throws {@link ExitCode#INTERRUPTED}.
 */
public final class SweepEngine {

    /** Time allowed per point for starting and stopping the server, for the time-left estimate. */
    static final Duration START_STOP_ESTIMATE = Duration.ofSeconds(2);
    /** How long the port may stay taken after the server stopped. */
    static final Duration PORT_RELEASE_LIMIT = Duration.ofSeconds(15);
    /** A wrk run shorter than this share of its -d was cut short. */
    static final double FULL_LENGTH_SHARE = 0.9;
    static final String INTERRUPTED_REASON = "interrupted by a signal (Ctrl-C or SIGTERM)";

    private final SweepOptions options;
    private final SweepListener listener;
    private final ProcFs procFs;
    private final Callable<String> wrkVersion;
    private final CpuClock cpuClock;
    private volatile boolean stopRequested;
    private TargetProcess runningTarget;
    private WrkProcess runningWrk;
    private int machineCores;

    public SweepEngine(SweepOptions options, SweepListener listener) {
        this(options, listener, ProcFs.system(), Wrk::version);
    }

    /** With another /proc root and wrk probe, for tests. */
    public SweepEngine(SweepOptions options, SweepListener listener, ProcFs procFs, Callable<String> wrkVersion) {
        this.options = options;
        this.listener = listener;
        this.procFs = procFs;
        this.wrkVersion = wrkVersion;
        this.cpuClock = new CpuClock(procFs);
    }

    /** The saved, complete result. Throws (after saving the finished points) when the sweep stops early. */
    public SweepOutcome run() {
        PreflightReport preflight = preflight();
        if (stopRequested) {
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON + " before the first point;"
                    + " nothing was written");
        }
        SweepParameters parameters = parameters();
        SweepResult.Environment environment = preflight.facts().toEnvironment(preflight.wrkVersion());
        SweepRecord record = options.resultFolder() == null
                ? SweepRecord.create(options.outDir(), options.profileName(), parameters, environment, preflight.checks())
                : SweepRecord.createIn(options.resultFolder(), options.profileName(), parameters, environment,
                preflight.checks());
        listener.sweepStarted(plan(), record.file());
        try {
            for (int point = 1; point <= options.threads().size(); point++) {
                Point measured = measurePoint(point, options.threads().get(point - 1), parameters);
                record.add(measured);
                listener.pointFinished(point, measured);
            }
            return new SweepOutcome(record.finish(true, null), record.file());
        } catch (RuntimeException e) {
            RuntimeException reported = stopRequested ? interrupted(record) : e;
            try {
                record.finish(false, stopRequested ? INTERRUPTED_REASON
                        : e instanceof LoadctlException ? e.getMessage() : "internal error: " + e);
            } catch (RuntimeException notSaved) {
                reported.addSuppressed(notSaved);
            }
            throw reported;
        } finally {
            listener.sweepFinished(record.current(), record.file());
        }
    }

    /** Stops the running wrk and server now; {@link #run()} then saves and returns. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
        TargetProcess target;
        WrkProcess wrk;
        synchronized (this) {
            target = runningTarget;
            wrk = runningWrk;
        }
        if (wrk != null) {
            wrk.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private PreflightReport preflight() {
        PreflightReport report = preflight(options, procFs, wrkVersion);
        machineCores = report.facts().cores();
        listener.preflightDone(report.checks());
        report.requirePassed();
        return report;
    }

    /** The checks a sweep with these options runs first (also {@code loadctl doctor}). */
    public static PreflightReport preflight(SweepOptions options, ProcFs procFs, Callable<String> wrkVersion) {
        MachineFacts facts = MachineFacts.read(procFs, Runtime.getRuntime().availableProcessors());
        return new Preflight(facts, OpenFilesControl.ofThisProcess(procFs), wrkVersion)
                .run(new PreflightRequest(options.connections(), options.threads(), options.wrkThreads(),
                        options.host(), options.port(), options.serverCommand(), options.requirements()));
    }

    private Point measurePoint(int point, int threads, SweepParameters parameters) {
        listener.pointStarted(point, threads);
        int wrkThreads = options.wrkThreadsFor(threads);
        List<WrkResult> iterations = new ArrayList<>();
        SweepResult.StartUp startUp;
        try (TargetProcess target = startTarget(point, threads)) {
            startUp = recorded(target.startUp());
            listener.targetReady(point, startUp);
            if (!options.warmup().isZero()) {
                phase(Kind.WARMUP, point, threads, 0, options.warmup());
                runWrk(target, threads, wrkThreads, options.warmup());
            }
            for (int iteration = 1; iteration <= options.iterations(); iteration++) {
                phase(Kind.ITERATION, point, threads, iteration, options.duration());
                iterations.add(runWrk(target, threads, wrkThreads, options.duration()));
            }
            phase(Kind.STOPPING_TARGET, point, threads, 0, Duration.ZERO);
        }
        awaitPortFree();
        return PointSummary.of(threads, wrkThreads, iterations, parameters, startUp);
    }

    /** The started server, once it answers (and has given its first 2xx, or that wait has passed). */
    private TargetProcess startTarget(int point, int threads) {
        phase(Kind.STARTING_TARGET, point, threads, 0, START_STOP_ESTIMATE);
        TargetProcess target = TargetProcess.start(options.target().forThreads(threads));
        try {
            track(target, null);
            target.awaitReady(options.readyTimeout());
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private static SweepResult.StartUp recorded(StartUp startUp) {
        return new SweepResult.StartUp(millis(startUp.ready()),
                startUp.first2xx() == null ? null : millis(startUp.first2xx()), startUp.no2xxReason());
    }

    private static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1e5) / 10.0;
    }

    /** One wrk run with CPU read at its start and after it exits (see {@link CpuClock}). */
    private WrkResult runWrk(TargetProcess target, int serverThreads, int wrkThreads, Duration duration) {
        WrkInvocation invocation = new WrkInvocation(options.url(), wrkThreads, options.connections(), duration,
                options.timeout(), options.lua());
        try (WrkProcess wrk = Wrk.start(invocation)) {
            track(target, wrk);
            CpuClock.Reading start = cpuClock.read(target.processTree());
            WrkResult result = wrk.awaitResult();
            CpuClock.Reading end = cpuClock.read(target.processTree());
            requireFullLength(result, duration);
            if (!target.isAlive()) {
                throw new LoadctlException(ExitCode.TARGET_FAILED, "the target server died during the wrk run;"
                        + " its last output:\n    " + String.join("\n    ", target.lastOutput()));
            }
            return result.withCpu(CpuClock.between(start, end, wrkThreads, machineCores))
                    .withServerThreads(serverThreads);
        } finally {
            track(target, null);
        }
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
    private void track(TargetProcess target, WrkProcess wrk) {
        synchronized (this) {
            runningTarget = target;
            runningWrk = wrk;
        }
        if (stopRequested) {
            requestStop();
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON);
        }
    }

    private void awaitPortFree() {
        synchronized (this) {
            runningTarget = null;
        }
        try {
            if (!Ports.awaitFree(options.host(), options.port(), PORT_RELEASE_LIMIT)) {
                throw new LoadctlException(ExitCode.TARGET_FAILED, "port " + options.port() + " is still in use "
                        + PORT_RELEASE_LIMIT.toSeconds() + " s after the server stopped: something else took it,"
                        + " or the server left a process behind (look with: ss -ltnp 'sport = :" + options.port() + "')");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadctlException(ExitCode.INTERRUPTED, INTERRUPTED_REASON);
        }
    }

    private void phase(Kind kind, int point, int threads, int iteration, Duration planned) {
        listener.phase(new SweepPhase(kind, point, threads, iteration, options.iterations(), planned));
    }

    private LoadctlException interrupted(SweepRecord record) {
        return new LoadctlException(ExitCode.INTERRUPTED, String.format(Locale.ROOT,
                "%s: %d finished point(s) saved in %s (complete=false)", INTERRUPTED_REASON, record.points(),
                record.file()));
    }

    private SweepParameters parameters() {
        return new SweepParameters(options.threads(), options.connections(), seconds(options.duration()),
                seconds(options.warmup()), options.iterations(), options.wrkThreads(), options.targetRps(),
                options.slaP99().toNanos() / 1e6, options.delay().toNanos() / 1e6, seconds(options.timeout()),
                options.target().description(), options.url(), options.lua());
    }

    private SweepPlan plan() {
        return new SweepPlan(options.profileName(), options.threads(), options.connections(), options.warmup(),
                options.duration(), options.iterations(), START_STOP_ESTIMATE, options.url());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** A finished sweep: its result as saved, and where. */
    public record SweepOutcome(SweepResult result, Path resultFile) {
    }
}
