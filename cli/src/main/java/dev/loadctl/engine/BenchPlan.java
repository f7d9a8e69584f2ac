package dev.loadctl.engine;

import dev.loadctl.profile.BenchValues;
import dev.loadctl.result.BenchResult.BenchParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A bench, already validated: every target at every connection count, under the same wrk settings.
 *
 * @param outDir     receives the bench's folder, {@code <yyyyMMdd-HHmmss>-<profile>/}
 * @param parameters the shared wrk settings, as bench.json records them
 */
public record BenchPlan(String profileName, Path outDir, List<BenchTarget> targets, List<BenchValues.Goal> goals,
                        BenchParameters parameters) {

    public BenchPlan {
        targets = List.copyOf(targets);
        goals = List.copyOf(goals);
    }

    public List<Integer> connections() {
        return parameters.connections();
    }

    public String subject() {
        return parameters.subject();
    }

    /** Planned time of one point: start and stop, warm-up, measured iterations. */
    public Duration perPoint() {
        return SweepEngine.START_STOP_ESTIMATE.plus(seconds(parameters.warmupSeconds()))
                .plus(seconds(parameters.durationSeconds()).multipliedBy(parameters.iterations()));
    }

    /** Points of these targets over every connection count. */
    public int points(List<BenchTarget> measured) {
        return connections().size() * measured.stream().mapToInt(target -> target.threads().size()).sum();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
