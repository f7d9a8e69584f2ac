package dev.loadctl.report;

import dev.loadctl.report.BenchReport.BenchParameters;
import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReport.RunPoint;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PointFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Judges a bench from its result file: runs per target and connection count, ratios, goals. */
public final class BenchReports {

    private BenchReports() {
    }

    public static BenchReport of(SweepResult bench) {
        BenchSetup setup = Objects.requireNonNull(bench.bench(), "a bench result has a bench section");
        SweepResult.SweepParameters recorded = bench.parameters();
        BenchParameters parameters = new BenchParameters(setup.connections(), recorded.durationSeconds(),
                recorded.warmupSeconds(), recorded.iterations(), setup.wrkThreads(), setup.wrkThreadsRule(),
                recorded.delayMs(), recorded.timeoutSeconds(), recorded.slaP99Ms(), recorded.lua(), recorded.stagger(),
                path(recorded.url()), setup.subject(), recorded.overrides());
        List<Run> runs = runs(bench, setup);
        return new BenchReport(bench.profile(), bench.startedAt(), bench.finishedAt(), bench.complete(),
                bench.stopReason(), parameters, bench.environment(), setup.targets(), runs,
                BenchSummary.comparisons(setup.subject(), runs), BenchGoals.check(setup.goals(), setup.subject(), runs));
    }

    /**
     * Points grouped by target and connection count, in the order they ran. A run is complete when every
     * thread count of its target was measured; a failure (or the bench's stop) says why one was not.
     */
    private static List<Run> runs(SweepResult bench, BenchSetup setup) {
        Map<String, List<RunPoint>> points = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        SweepResult.SweepParameters recorded = bench.parameters();
        for (Point point : bench.points()) {
            int connections = connections(point, bench);
            points.computeIfAbsent(key(point.target(), connections), k -> new ArrayList<>())
                    .add(BenchSummary.point(point, ReportBuilder.parameters(recorded, connections,
                            recorded.targetRps(), recorded.slaP99Ms(), recorded.delayMs())));
        }
        for (PointFailure failure : bench.failures()) {
            String key = key(failure.target(), failure.connections());
            points.computeIfAbsent(key, k -> new ArrayList<>());
            reasons.putIfAbsent(key, failure.reason());
        }
        // A measured target's count with nothing recorded: the bench stopped before or during it.
        for (int connections : setup.connections()) {
            for (BenchSetup.TargetStatus target : setup.targets()) {
                if (BenchSetup.MEASURED.equals(target.status()) && !bench.complete()) {
                    points.computeIfAbsent(key(target.name(), connections), k -> new ArrayList<>());
                }
            }
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, List<RunPoint>> entry : points.entrySet()) {
            String target = entry.getKey().substring(0, entry.getKey().lastIndexOf(' '));
            int connections = Integer.parseInt(entry.getKey().substring(entry.getKey().lastIndexOf(' ') + 1));
            int planned = setup.targets().stream().filter(t -> t.name().equals(target)).findFirst()
                    .map(t -> t.threads().size()).orElse(entry.getValue().size());
            boolean complete = entry.getValue().size() >= planned;
            String reason = reasons.get(entry.getKey());
            if (!complete && reason == null) {
                reason = bench.stopReason() != null ? bench.stopReason() : "stopped early";
            }
            runs.add(new Run(target, connections, complete, complete ? null : reason, List.copyOf(entry.getValue())));
        }
        return runs;
    }

    private static int connections(Point point, SweepResult bench) {
        return point.connections() != null ? point.connections() : bench.parameters().connections();
    }

    private static String key(String target, int connections) {
        return target + " " + connections;
    }

    private static String path(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }
}
