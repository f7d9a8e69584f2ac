package dev.loadctl.cli;

import dev.loadctl.LoadctlException;
import dev.loadctl.Messages;
import dev.loadctl.Numbers;
import dev.loadctl.preflight.PreflightReport;
import dev.loadctl.report.Reporter;
import dev.loadctl.report.SweepReport;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Estimate;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PreflightCheck;
import dev.loadctl.engine.Engine;
import dev.loadctl.engine.EngineListener;
import dev.loadctl.engine.Phase;
import dev.loadctl.engine.LoadShape;
import dev.loadctl.engine.PlanOutline;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Shows a sweep as it runs: on a terminal a progress bar with elapsed and remaining time for the whole
 * sweep, otherwise (a pipe, CI) one plain line per step with the same times. Each point's figures are
 * printed as they land, and a table of all points at the end.
 */
final class SweepConsole implements EngineListener {

    private static final int BAR_WIDTH = 110;

    private final PrintWriter out;
    private final boolean terminal;
    private PlanOutline plan;
    private long sweepStartNanos;
    private volatile Phase phase;
    private volatile long phaseStartNanos;
    private ProgressBar bar;
    private ScheduledExecutorService ticker;

    private SweepConsole(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static SweepConsole create(PrintWriter out, boolean terminal) {
        return new SweepConsole(out, terminal);
    }

    @Override
    public void preflightDone(List<PreflightCheck> checks) {
        for (PreflightCheck check : checks) {
            if (!PreflightReport.OK.equals(check.status())) {
                describe(check).forEach(this::line);
            }
        }
        line("preflight: " + checks.stream().collect(Collectors.groupingBy(PreflightCheck::status,
                        java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    }

    @Override
    public void started(PlanOutline outline, Path resultFile) {
        plan = outline;
        sweepStartNanos = System.nanoTime();
        LoadShape load = plan.probes().get(0).load();
        line(String.format(Locale.ROOT, "sweep '%s': threads %s, %s connections, %s warm-up + %d x %s per point,"
                        + " about %s in all", plan.name(),
                plan.probes().stream().map(probe -> String.valueOf(probe.threads())).collect(Collectors.joining(",")),
                Numbers.count(load.connections()), seconds(load.warmup()), load.iterations(), seconds(load.duration()),
                clock(plan.total())));
        line("load " + load.url() + "; results " + resultFile);
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(plan.total().toSeconds())
                    .setUnit("s", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                    .setEtaFunction(state -> Optional.of(remaining()))
                    .setConsumer(new DelegatingProgressBarConsumer(this::drawBar, BAR_WIDTH)).build();
            // Redraws once a second; reads no /proc, so it costs next to nothing.
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sweep-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(() -> bar.stepTo(progress().toSeconds()), 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void phase(Phase next) {
        phase = next;
        phaseStartNanos = System.nanoTime();
        String what = prefix(next.point(), next.threads()) + next.describe();
        if (terminal) {
            bar.setExtraMessage(what);
        } else if (next.kind() != Phase.Kind.STOPPING_TARGET) {
            line(String.format(Locale.ROOT, "%-58s [%s elapsed, ~%s left]", what, clock(elapsed()),
                    clock(remaining())));
        }
    }

    @Override
    public void targetReady(int point, SweepResult.StartUp startUp) {
        if (!terminal) {
            line(prefix(point, phase.threads()) + describe(startUp));
        }
    }

    /** A check that is not ok as printed: its status line, then its fix where it has one; also used by the bench. */
    static List<String> describe(PreflightCheck check) {
        String status = "preflight " + check.status() + ": " + check.name() + ": " + check.message();
        return check.fix() == null ? List.of(status) : List.of(status, "    fix: " + check.fix());
    }

    /** "server ready in 0.42 s, first 2xx at 0.65 s" (times from spawning it); also used by the bench. */
    static String describe(SweepResult.StartUp startUp) {
        return String.format(Locale.ROOT, "server ready in %.2f s, ", startUp.readyMs() / 1000)
                + (startUp.first2xxMs() == null ? startUp.no2xxReason()
                : String.format(Locale.ROOT, "first 2xx at %.2f s", startUp.first2xxMs() / 1000));
    }

    @Override
    public void pointFinished(int point, Point result) {
        SweepResult.PointStats stats = result.stats();
        line(prefix(point, result.threads()) + "goodput " + goodput(stats.goodputPerSecond()) + " ("
                + Numbers.percent(result.efficiency()) + " of the "
                + Numbers.perSecond(result.littlesLawCeilingPerSecond()) + " ceiling)  " + figures(stats, false));
        result.warnings().forEach(warning -> line("      ! " + warning));
    }

    @Override
    public void warning(String message) {
        line("! " + message);
    }

    @Override
    public void finished(SweepResult result, Path resultFile) {
        if (ticker != null) {
            ticker.shutdownNow();
            bar.close();
            synchronized (this) {
                bar = null;
                out.print("\r\033[K");
            }
        }
        if (result == null) {
            return;
        }
        if (!result.points().isEmpty()) {
            table(result);
        }
        Path latest = resultFile.getParent().resolveSibling("latest");
        line(result.complete()
                ? "complete: " + result.points().size() + " points in " + resultFile
                + (result.points().isEmpty() ? "" : " (also " + latest + ")")
                : stopped(result.stopReason()) + "; " + result.points().size() + " of "
                + result.parameters().threads().size() + " points saved in " + resultFile + " (complete=false)");
        if (!result.points().isEmpty()) {
            line("next: loadctl report " + resultFile + " --html");
            // With no point there is nothing to judge: the error the command prints next is the answer.
            verdict(resultFile);
        }
    }

    /** The report's verdict on the file just saved, last, in the report's own words. */
    private void verdict(Path resultFile) {
        SweepReport.Verdict verdict;
        try {
            verdict = Reporter.verdict(resultFile);
        } catch (LoadctlException e) {
            line("verdict: not available: " + Messages.firstLineOfReason(e.getMessage()));
            return;
        }
        line("");
        line(verdict.headline());
        verdict.reasons().forEach(reason -> line("  - " + reason.text()));
    }

    /**
     * Why a run stopped, for its last progress line. An error is printed whole by the command right after
     * (with the server's last output), so the line only points at it instead of cutting it in two.
     */
    static String stopped(String reason) {
        return reason != null && reason.startsWith(Engine.INTERRUPTED_REASON) ? "stopped: " + reason
                : "stopped by the error below";
    }

    private void table(SweepResult result) {
        SweepResult.SweepParameters parameters = result.parameters();
        line("");
        line(String.format(Locale.ROOT, "%7s %6s %20s %10s %9s %9s %7s %10s %8s %10s  %s", "threads", "wrk-t",
                "goodput", "wrk rate", "p50", "p99", "errors", "server CPU", "wrk CPU", "efficiency", "notes"));
        for (Point point : result.points()) {
            SweepResult.PointStats stats = point.stats();
            line(String.format(Locale.ROOT, "%7d %6d %20s %10s %9s %9s %7s %10s %8s %10s  %s", point.threads(),
                    point.wrkThreads(), goodput(stats.goodputPerSecond()),
                    Numbers.perSecond(mean(stats.requestsPerSecond())), Numbers.millis(mean(stats.latencyP50Ms())),
                    Numbers.millis(mean(stats.latencyP99Ms())), Numbers.percent(mean(stats.errorRate())),
                    Numbers.cores(mean(stats.serverCores())), Numbers.cores(mean(stats.wrkCores())),
                    Numbers.percent(point.efficiency()), notes(point)));
        }
        line("Little's law ceiling: " + Numbers.count(parameters.connections()) + " connections / "
                + Numbers.millis(parameters.delayMs()) + " = " + Numbers.perSecond(parameters.littlesLawCeilingPerSecond())
                + "; target " + Numbers.perSecond(parameters.targetRps()) + " within p99 "
                + Numbers.millis(parameters.slaP99Ms()));
    }

    private static String notes(Point point) {
        if (point.warnings().isEmpty()) {
            return "";
        }
        return point.stats().wrkSaturated() ? "wrk saturated (lower bound)" : point.warnings().size() + " warning(s)";
    }

    /** Planned progress through the sweep: finished steps plus time spent in the current one. */
    private Duration progress() {
        Phase current = phase;
        if (plan == null || current == null) {
            return Duration.ZERO;
        }
        LoadShape load = current.probe().load();
        Duration offset = plan.before(current.point()).plus(switch (current.kind()) {
            case STARTING_TARGET -> Duration.ZERO;
            case WARMUP -> plan.startStopEstimate();
            case ITERATION -> plan.startStopEstimate().plus(load.warmup())
                    .plus(load.duration().multipliedBy(current.iteration() - 1));
            case STOPPING_TARGET -> plan.perPoint(current.probe());
        });
        Duration inPhase = Duration.ofNanos(System.nanoTime() - phaseStartNanos);
        return offset.plus(inPhase.compareTo(current.planned()) < 0 ? inPhase : current.planned());
    }

    private Duration remaining() {
        Duration left = plan.total().minus(progress());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - sweepStartNanos);
    }

    private String prefix(int point, int threads) {
        return String.format(Locale.ROOT, "[%d/%d] %d thread%s: ", point, plan.points(), threads,
                threads == 1 ? "" : "s");
    }

    /** Prints a line; on a terminal, above the progress bar. */
    private void line(String text) {
        synchronized (this) {
            if (bar != null) {
                out.print("\r\033[K");
            }
            out.println(text);
            out.flush();
        }
        // Outside the lock: the bar's own thread may be drawing and waiting for it.
        if (bar != null) {
            bar.refresh();
        }
    }

    private synchronized void drawBar(String rendered) {
        out.print("\r" + rendered);
        out.flush();
    }

    /** Mean goodput as the report gives it: with its +/- where there were iterations to estimate it from. */
    static String goodput(Estimate goodput) {
        return goodput == null ? Numbers.MISSING : Numbers.perSecond(goodput.mean(), goodput.error());
    }

    /** A point's latency, errors and CPU, in the report's formats; also used by the bench and capacity consoles. */
    static String figures(SweepResult.PointStats stats, boolean withMax) {
        return "p50 " + Numbers.millis(mean(stats.latencyP50Ms())) + "  p99 " + Numbers.millis(mean(stats.latencyP99Ms()))
                + (withMax ? "  max " + Numbers.millis(mean(stats.latencyMaxMs())) : "") + "  errors " + Numbers.percent(mean(stats.errorRate())) + "  CPU server "
                + Numbers.cores(mean(stats.serverCores())) + ", wrk " + Numbers.cores(mean(stats.wrkCores())) + " cores";
    }

    /** The mean the report shows for a figure; null where it was not measured. */
    static Double mean(Estimate estimate) {
        return estimate == null ? null : estimate.mean();
    }

    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
