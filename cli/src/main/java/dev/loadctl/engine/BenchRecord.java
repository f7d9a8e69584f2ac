package dev.loadctl.engine;

import dev.loadctl.Version;
import dev.loadctl.result.BenchResult;
import dev.loadctl.result.BenchResult.Run;
import dev.loadctl.result.BenchResult.TargetStatus;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A bench's bench.json, rewritten atomically with {@code complete=false} after every sub-sweep, so
 * whatever stops the bench leaves every finished run behind. Comparisons and goals are recomputed
 * from the runs at each write.
 */
final class BenchRecord {

    static final String BENCH_FILE = "bench.json";

    private final Path file;
    private final BenchPlan plan;
    private final BiConsumer<BenchResult, Path> onSaved;
    private final String startedAt = now();
    private final List<TargetStatus> targets = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private SweepResult.Environment environment;
    private BenchResult current;

    BenchRecord(Path folder, BenchPlan plan, BiConsumer<BenchResult, Path> onSaved) {
        this.file = folder.resolve(BENCH_FILE);
        this.plan = plan;
        this.onSaved = onSaved;
    }

    Path file() {
        return file;
    }

    void target(TargetStatus status) {
        targets.add(status);
    }

    /** Adds a sub-sweep (finished or not); {@code result} is null when it stopped before writing one. */
    Run add(BenchTarget target, int connections, Path resultFile, SweepResult result, String stopReason) {
        if (environment == null && result != null) {
            environment = result.environment();
        }
        Run run = new Run(target.name(), connections,
                result == null ? null : file.getParent().relativize(resultFile).toString(),
                result != null && result.complete(), result == null || !result.complete()
                ? (stopReason != null ? stopReason : result == null ? "no result" : result.stopReason()) : null,
                result == null ? List.of() : result.points().stream().map(BenchSummary::point).toList());
        runs.add(run);
        write(false, null);
        return run;
    }

    /** Sub-sweeps that ran to the end. */
    long finishedRuns() {
        return runs.stream().filter(Run::complete).count();
    }

    BenchResult write(boolean complete, String stopReason) {
        current = new BenchResult(BenchResult.SCHEMA_VERSION, Version.get(), plan.profileName(), startedAt,
                complete || stopReason != null ? now() : null, complete, stopReason, plan.parameters(), environment,
                List.copyOf(targets), List.copyOf(runs), BenchSummary.comparisons(plan.subject(), runs),
                BenchGoals.check(plan.goals(), plan.subject(), runs));
        ResultStore.writeAtomically(file, ResultStore.toJson(current));
        onSaved.accept(current, file);
        return current;
    }

    BenchResult current() {
        return current;
    }

    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
