package dev.loadctl.cli;

import dev.loadctl.LoadctlException;
import dev.loadctl.Messages;
import dev.loadctl.Numbers;
import dev.loadctl.engine.CapacityPlan;
import dev.loadctl.engine.EngineListener;
import dev.loadctl.engine.Phase;
import dev.loadctl.engine.Plan.Done;
import dev.loadctl.engine.PlanOutline;
import dev.loadctl.engine.Probe;
import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PointStats;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shows a capacity search as it runs, one plain line per step (on a terminal and in a pipe alike): which
 * thread count, what the probe is for and the bracket it narrows, the time left, then each probe's figures,
 * whether it met the SLA and what the search does next. The time left is the plan's estimate (the search
 * decides as it goes), scaled by how the probes so far compared with their planned time.
 */
final class CapacityConsole implements EngineListener {

    private final PrintWriter out;
    private final CapacityPlan plan;
    private final List<Done> done = new ArrayList<>();
    private long startNanos;
    private Probe running;

    CapacityConsole(PrintWriter out, CapacityPlan plan) {
        this.out = out;
        this.plan = plan;
    }

    @Override
    public void preflightDone(List<SweepResult.PreflightCheck> checks) {
        // The same lines a sweep prints: the checks that are not ok, with their fixes, then a count.
        SweepConsole.create(out, false).preflightDone(checks);
    }

    @Override
    public void started(PlanOutline outline, Path resultFile) {
        startNanos = System.nanoTime();
        CapacitySetup setup = plan.capacity();
        SweepResult.SweepParameters p = plan.parameters();
        line(String.format(Locale.ROOT, "capacity '%s': threads %s; the most timely 2xx/s with p99 within %s"
                        + " and errors within %s; target %s", outline.name(),
                p.threads().stream().map(String::valueOf).collect(Collectors.joining(",")),
                Numbers.millis(p.slaP99Ms()), Numbers.percent(setup.maxErrorRate()), Numbers.perSecond(p.targetRps())));
        line(String.format(Locale.ROOT, "connections from %s (Little's law x %.2f), x %.2f while probes pass,"
                        + " bisected to %s, at most %s (%s)", Numbers.count(setup.startConnections()),
                setup.headroom(), setup.growthFactor(), Numbers.percent(setup.resolution()),
                Numbers.count(setup.connectionLimit().connections()), setup.connectionLimit().text()));
        line(String.format(Locale.ROOT, "a fresh server warmed %s at each thread count; probes %s warm-up + %s,"
                        + " confirmations %s, the capacity %d x %s; about %s in all (an estimate: the search decides"
                        + " as it goes)", seconds(plan.freshTargetWarmup().toMillis() / 1000.0),
                seconds(setup.probeWarmupSeconds()),
                seconds(setup.probeDurationSeconds()), seconds(setup.confirmDurationSeconds()),
                setup.confirmIterations(), seconds(setup.confirmDurationSeconds()),
                SweepConsole.clock(outline.total())));
        line("load " + p.url() + "; results " + resultFile);
    }

    @Override
    public void pointStarted(int point, Probe probe) {
        running = probe;
        String where = plan.progress(done).map(progress -> String.format(Locale.ROOT, "%s: %s%s [%s elapsed, ~%s"
                        + " left]", threads(progress.threads()), progress.asking(), bracket(progress),
                SweepConsole.clock(elapsed()), SweepConsole.clock(left(progress.estimatedLeft()))))
                .orElse(threads(probe.threads()));
        line(String.format(Locale.ROOT, "[%d] %s", point, where));
    }

    @Override
    public void phase(Phase phase) {
        if (phase.kind() == Phase.Kind.ITERATION && phase.iterations() > 1) {
            line("      " + phase.describe());
        }
    }

    @Override
    public void pointFinished(int point, Point result) {
        done.add(new Done(running, result, null));
        PointStats stats = result.stats();
        CapacityProbe probe = result.capacity();
        line("      goodput " + SweepConsole.goodput(stats.goodputPerSecond()) + "  " + SweepConsole.figures(stats, false)
                + ": " + (probe == null ? "" : probe.passed() ? "met the SLA" : "FAILED: " + probe.reasons().stream()
                .map(reason -> reason.text()).collect(Collectors.joining("; "))));
        if (probe != null) {
            line("      then: " + probe.decision());
        }
    }

    @Override
    public void pointFailed(int point, Probe probe, LoadctlException failure) {
        done.add(new Done(probe, null, failure.getMessage()));
        line("      could not be measured: " + Messages.firstLineOfReason(failure.getMessage()));
    }

    @Override
    public void finished(SweepResult result, Path resultFile) {
        if (result == null) {
            return;
        }
        line(result.complete()
                ? String.format(Locale.ROOT, "complete: %d probes in %s, %s", result.points().size(), resultFile,
                SweepConsole.clock(elapsed()))
                : "stopped: " + Messages.firstLineOfReason(result.stopReason()) + "; " + result.points().size()
                + " probes saved in " + resultFile + " (complete=false)");
        if (!result.points().isEmpty()) {
            line("next: loadctl report " + resultFile.getParent() + " --html");
        }
    }

    /** The plan's estimate, scaled by how long the finished probes took against their own plan. */
    private Duration left(Duration estimate) {
        if (done.isEmpty()) {
            return estimate;
        }
        Duration planned = plan.outline(done.stream().map(Done::probe).toList()).total();
        double ratio = planned.isZero() ? 1 : (double) elapsed().toMillis() / planned.toMillis();
        return Duration.ofMillis(Math.round(estimate.toMillis() * Math.max(0.5, Math.min(3, ratio))));
    }

    private static String bracket(CapacityPlan.Progress progress) {
        if (progress.pass() == null && progress.fail() == null) {
            return "";
        }
        return String.format(Locale.ROOT, " (passed at %s, failed at %s)",
                progress.pass() == null ? "-" : Numbers.count(progress.pass()),
                progress.fail() == null ? "-" : Numbers.count(progress.fail()));
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    private static String threads(int threads) {
        return Numbers.threads(threads);
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? String.format(Locale.ROOT, "%.0fs", seconds)
                : String.format(Locale.ROOT, "%.1fs", seconds);
    }
}
