package dev.loadctl.cli;

import dev.loadctl.LoadctlException;
import dev.loadctl.Messages;
import dev.loadctl.preflight.PreflightReport;
import dev.loadctl.report.BenchTable;
import dev.loadctl.result.BenchResult;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.PointStats;
import dev.loadctl.engine.BenchListener;
import dev.loadctl.engine.BenchPlan;
import dev.loadctl.engine.BenchTarget;
import dev.loadctl.engine.SweepListener;
import dev.loadctl.engine.SweepPhase;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Shows a bench as it runs, one plain line per step with the time elapsed and left for the whole bench,
 * each point's figures as they land, and the table at the end. Each time bench.json is saved it writes
 * bench.md beside it: the same table in Markdown, for docs/benchmarks.md.
 */
final class BenchConsole implements BenchListener {

    static final String MARKDOWN_FILE = "bench.md";

    private final PrintWriter out;
    /** Preflight warnings already shown: each sub-sweep repeats most of them. */
    private final Set<String> shownChecks = new HashSet<>();
    private BenchPlan plan;
    private int totalPoints;
    private int finishedPoints;
    private long benchStartNanos;
    private long pointStartNanos;

    BenchConsole(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void targetSkipped(BenchResult.TargetStatus target) {
        line("skipped " + target.name() + ": " + target.reason()
                + (target.fix() == null ? "" : "; install: " + target.fix()) + " (the bench goes on without it)");
    }

    @Override
    public void benchStarted(BenchPlan benchPlan, List<BenchTarget> measured, Path benchFile) {
        plan = benchPlan;
        totalPoints = benchPlan.points(measured);
        benchStartNanos = System.nanoTime();
        BenchResult.BenchParameters parameters = benchPlan.parameters();
        line(String.format(Locale.ROOT, "bench '%s': %s at -c %s; %s warm-up + %d x %s per point; wrk -t%d (%s);"
                        + " %d points, about %s", benchPlan.profileName(),
                measured.stream().map(target -> target.name() + " " + join(target.threads()))
                        .collect(Collectors.joining(", ")),
                join(benchPlan.connections()), seconds(parameters.warmupSeconds()), parameters.iterations(),
                seconds(parameters.durationSeconds()), parameters.wrkThreads(), parameters.wrkThreadsRule(),
                totalPoints, SweepConsole.clock(benchPlan.perPoint().multipliedBy(totalPoints))));
        line("results " + benchFile.getParent() + " (" + benchFile.getFileName() + ", " + MARKDOWN_FILE
                + ", a folder per target and -c)");
    }

    @Override
    public SweepListener runStarted(BenchTarget target, int connections, int run, int runs) {
        line(String.format(Locale.ROOT, "== run %d/%d: %s at -c%d, threads %s", run, runs, target.name(),
                connections, join(target.threads())));
        return new RunConsole(target.name() + " -c" + connections);
    }

    @Override
    public void runFailed(BenchResult.Run run, LoadctlException failure) {
        line("! " + run.target() + " at -c" + run.connections() + " failed: "
                + Messages.firstLineOfReason(failure.getMessage()) + "; the bench goes on");
    }

    @Override
    public void saved(BenchResult result, Path benchFile) {
        ResultStore.writeAtomically(benchFile.resolveSibling(MARKDOWN_FILE), BenchTable.markdown(result));
    }

    @Override
    public void benchFinished(BenchResult result, Path benchFile) {
        if (result == null) {
            return;
        }
        line("");
        out.print(BenchTable.text(result));
        line(result.complete()
                ? "complete: " + result.runs().size() + " runs in " + benchFile + " (table also in "
                + benchFile.resolveSibling(MARKDOWN_FILE) + ")"
                : "stopped: " + Messages.firstLineOfReason(result.stopReason()) + "; "
                + result.runs().stream().filter(BenchResult.Run::complete).count() + " of " + result.runs().size()
                + " runs finished, saved in " + benchFile + " (complete=false)");
    }

    /** One sub-sweep's events, prefixed with its target and -c. */
    private final class RunConsole implements SweepListener {
        private final String name;
        private int threads;

        RunConsole(String name) {
            this.name = name;
        }

        @Override
        public void preflightDone(List<SweepResult.PreflightCheck> checks) {
            for (SweepResult.PreflightCheck check : checks) {
                if (!PreflightReport.OK.equals(check.status()) && shownChecks.add(check.name() + check.message())) {
                    SweepConsole.describe(check).forEach(BenchConsole.this::line);
                }
            }
        }

        @Override
        public void phase(SweepPhase phase) {
            threads = phase.threads();
            if (phase.kind() == SweepPhase.Kind.STARTING_TARGET) {
                pointStartNanos = System.nanoTime();
            }
            if (phase.kind() == SweepPhase.Kind.WARMUP || phase.kind() == SweepPhase.Kind.ITERATION) {
                line(String.format(Locale.ROOT, "%-62s [%s elapsed, ~%s left]", prefix() + phase.describe(),
                        SweepConsole.clock(Duration.ofNanos(System.nanoTime() - benchStartNanos)),
                        SweepConsole.clock(remaining())));
            }
        }

        @Override
        public void targetReady(int point, SweepResult.StartUp startUp) {
            line(prefix() + SweepConsole.describe(startUp));
        }

        @Override
        public void pointFinished(int point, SweepResult.Point result) {
            finishedPoints++;
            PointStats stats = result.stats();
            line(String.format(Locale.ROOT, "%sgoodput %s/s (%.1f%% of %,.0f/s)  p50 %s  p99 %s  max %s ms  errors %s"
                            + "  CPU server %s, wrk %s cores", prefix(), mean(stats.goodputPerSecond(), "%,.0f"),
                    100 * result.efficiency(), result.littlesLawCeilingPerSecond(), mean(stats.latencyP50Ms(), "%.1f"),
                    mean(stats.latencyP99Ms(), "%.1f"), mean(stats.latencyMaxMs(), "%.1f"),
                    SweepConsole.percent(stats.errorRate()), mean(stats.serverCores(), "%.2f"),
                    mean(stats.wrkCores(), "%.2f")));
            result.warnings().forEach(warning -> line("      ! " + warning));
        }

        @Override
        public void sweepFinished(SweepResult result, Path resultFile) {
            if (result != null && !result.complete()) {
                line(name + ": stopped: " + Messages.firstLineOfReason(result.stopReason()));
            }
        }

        private String prefix() {
            return name + ", " + threads + (threads == 1 ? " thread: " : " threads: ");
        }
    }

    /** Points not finished yet at their planned length, less what the current one has used. */
    private Duration remaining() {
        Duration left = plan.perPoint().multipliedBy(totalPoints - finishedPoints)
                .minus(Duration.ofNanos(System.nanoTime() - pointStartNanos));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    private static String mean(SweepResult.Estimate estimate, String format) {
        return estimate == null || estimate.mean() == null ? "-" : String.format(Locale.ROOT, format, estimate.mean());
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? String.format(Locale.ROOT, "%.0fs", seconds)
                : String.format(Locale.ROOT, "%.1fs", seconds);
    }
}
