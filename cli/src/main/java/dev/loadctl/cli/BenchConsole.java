package dev.loadctl.cli;

import dev.loadctl.LoadctlException;
import dev.loadctl.Messages;
import dev.loadctl.Numbers;
import dev.loadctl.engine.EngineListener;
import dev.loadctl.engine.Phase;
import dev.loadctl.engine.PlanOutline;
import dev.loadctl.engine.Probe;
import dev.loadctl.preflight.PreflightReport;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.PointStats;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shows a bench as it runs, one plain line per step with the time elapsed and left for the whole bench,
 * and each point's figures as they land. The table and the goals are the report's: {@code loadctl report}
 * on the bench's folder, which the bench command prints at the end.
 */
final class BenchConsole implements EngineListener {

    private final PrintWriter out;
    private final BenchSetup setup;
    private PlanOutline plan;
    private long benchStartNanos;
    private long pointStartNanos;
    private int currentPoint;

    BenchConsole(PrintWriter out, BenchSetup setup) {
        this.out = out;
        this.setup = setup;
    }

    @Override
    public void preflightDone(List<SweepResult.PreflightCheck> checks) {
        for (SweepResult.PreflightCheck check : checks) {
            if (!PreflightReport.OK.equals(check.status())) {
                SweepConsole.describe(check).forEach(this::line);
            }
        }
        setup.targets().stream().filter(target -> BenchSetup.SKIPPED.equals(target.status()))
                .forEach(target -> line("skipped " + target.name() + ": " + target.reason()
                        + (target.fix() == null ? "" : "; install: " + target.fix()) + " (the bench goes on without it)"));
    }

    @Override
    public void started(PlanOutline outline, Path resultFile) {
        plan = outline;
        benchStartNanos = System.nanoTime();
        if (outline.probes().isEmpty()) {
            line("bench '" + outline.name() + "': nothing to measure (every target was skipped)");
            return;
        }
        var load = outline.probes().get(0).load();
        String targets = new LinkedHashSet<>(outline.probes().stream().map(Probe::target).toList()).stream()
                .map(name -> name + " " + outline.probes().stream().filter(p -> p.target().equals(name))
                        .map(p -> String.valueOf(p.threads())).distinct().collect(Collectors.joining(",")))
                .collect(Collectors.joining(", "));
        line(String.format(Locale.ROOT, "bench '%s': %s at -c %s; %s warm-up + %d x %s per point; wrk -t%d (%s);"
                        + " %d points, about %s", outline.name(), targets,
                setup.connections().stream().map(String::valueOf).collect(Collectors.joining(",")),
                seconds(load.warmup()), load.iterations(), seconds(load.duration()), setup.wrkThreads(),
                setup.wrkThreadsRule(), outline.points(), SweepConsole.clock(outline.total())));
        line("results " + resultFile);
    }

    @Override
    public void pointStarted(int point, Probe probe) {
        currentPoint = point;
        pointStartNanos = System.nanoTime();
    }

    @Override
    public void phase(Phase phase) {
        if (phase.kind() == Phase.Kind.WARMUP || phase.kind() == Phase.Kind.ITERATION) {
            line(String.format(Locale.ROOT, "%-62s [%s elapsed, ~%s left]", prefix(phase.probe()) + phase.describe(),
                    SweepConsole.clock(Duration.ofNanos(System.nanoTime() - benchStartNanos)),
                    SweepConsole.clock(remaining(phase.probe()))));
        }
    }

    @Override
    public void targetReady(int point, SweepResult.StartUp startUp) {
        line(prefix(plan.probes().get(point - 1)) + SweepConsole.describe(startUp));
    }

    @Override
    public void pointFinished(int point, SweepResult.Point result) {
        PointStats stats = result.stats();
        line(prefix(plan.probes().get(point - 1)) + "goodput " + SweepConsole.goodput(stats.goodputPerSecond())
                + " (" + Numbers.percent(result.efficiency()) + " of the "
                + Numbers.perSecond(result.littlesLawCeilingPerSecond()) + " ceiling)  "
                + SweepConsole.figures(stats, true));
        result.warnings().forEach(warning -> line("      ! " + warning));
    }

    @Override
    public void pointFailed(int point, Probe probe, LoadctlException failure) {
        line("! " + probe.label() + " failed: " + Messages.firstLineOfReason(failure.getMessage())
                + "; the bench goes on");
    }

    @Override
    public void warning(String message) {
        line("! " + message);
    }

    @Override
    public void finished(SweepResult result, Path resultFile) {
        if (result == null) {
            return;
        }
        line(result.complete()
                ? "complete: " + result.points().size() + " points in " + resultFile
                + (result.failures().isEmpty() ? "" : " (" + result.failures().size() + " failed)")
                : SweepConsole.stopped(result.stopReason()) + "; " + result.points().size()
                + " points saved in " + resultFile + " (complete=false)");
    }

    private String prefix(Probe probe) {
        return probe.label() + ": ";
    }

    /** Points not finished yet at their planned length, less what the current one has used. */
    private Duration remaining(Probe current) {
        Duration left = plan.total().minus(plan.before(currentPoint))
                .minus(Duration.ofNanos(System.nanoTime() - pointStartNanos));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
