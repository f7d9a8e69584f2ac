package dev.loadctl.report;

import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReport.RunPoint;
import dev.loadctl.report.BenchReport.Comparison;
import dev.loadctl.report.SweepReport.Parameters;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.result.Rules;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.WrkResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Turns a bench's points into its table's rows, and compares the subject with its peers. */
public final class BenchSummary {

    private BenchSummary() {
    }

    /**
     * A point of the bench as the table shows it. Its figures are the report's row for the same point
     * ({@link ReportBuilder#row}), so the bench table and {@code loadctl report} cannot summarise one point
     * two ways; only what a row does not carry (the error count, loadctl's CPU, start-up) is read here.
     *
     * @param parameters the bench's parameters at the point's connection count
     */
    static RunPoint point(Point point, Parameters parameters) {
        PointRow row = ReportBuilder.row(point, parameters);
        List<WrkResult> iterations = point.iterations() == null ? List.of() : point.iterations();
        long errors = 0;
        Double loadctlCores = null;
        for (WrkResult iteration : iterations) {
            long attempts = Rules.attempts(iteration.requests(), iteration.socketErrors());
            errors += Math.round(iteration.errorRate() * attempts);
            if (iteration.cpu() != null) {
                loadctlCores = Math.max(loadctlCores == null ? 0 : loadctlCores, iteration.cpu().loadctlCores());
            }
        }
        return new RunPoint(row.threads(), row.wrkThreads(), row.goodputPerSecond(), row.latencyP50Ms(),
                row.latencyP99Ms(), row.latencyMaxMs(), errors, row.errorRate(), row.serverCores(), row.wrkCores(),
                loadctlCores, row.littlesLawCeilingPerSecond(), row.efficiency(), row.wrkSaturated(),
                point.startUp() == null ? null : point.startUp().readyMs(),
                point.startUp() == null ? null : point.startUp().first2xxMs(), row.warnings());
    }

    /** The point of {@code target} at this connection count and thread count, from the runs so far. */
    public static Optional<RunPoint> find(List<Run> runs, String target, int connections, int threads) {
        return runs.stream().filter(run -> run.target().equals(target) && run.connections() == connections)
                .flatMap(run -> run.points().stream()).filter(point -> point.threads() == threads).findFirst();
    }

    /** The subject against every other target, wherever both have a point at the same -c and thread count. */
    public static List<Comparison> comparisons(String subject, List<Run> runs) {
        List<Comparison> comparisons = new ArrayList<>();
        List<String> peers = new ArrayList<>(new LinkedHashSet<>(runs.stream().map(Run::target)
                .filter(target -> !target.equals(subject)).toList()));
        for (int connections : new LinkedHashSet<>(runs.stream().map(Run::connections).toList())) {
            for (String peer : peers) {
                for (RunPoint peerPoint : runs.stream().filter(run -> run.target().equals(peer)
                        && run.connections() == connections).flatMap(run -> run.points().stream()).toList()) {
                    find(runs, subject, connections, peerPoint.threads()).ifPresent(subjectPoint -> comparisons.add(
                            new Comparison(connections, peerPoint.threads(), subject, peer,
                                    subjectPoint.goodputPerSecond(), peerPoint.goodputPerSecond(),
                                    ratio(subjectPoint.goodputPerSecond(), peerPoint.goodputPerSecond()),
                                    subjectPoint.latencyP99Ms(), peerPoint.latencyP99Ms(),
                                    ratio(subjectPoint.latencyP99Ms(), peerPoint.latencyP99Ms()))));
                }
            }
        }
        return comparisons;
    }

    /** a ÷ b rounded to 3 decimals; null when either is unknown or b is not above 0. */
    static Double ratio(Double a, Double b) {
        if (a == null || b == null || b <= 0) {
            return null;
        }
        return Math.round(a / b * 1000) / 1000.0;
    }

}
