package dev.loadctl.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.loadctl.result.BenchSetup.TargetStatus;
import dev.loadctl.result.SweepResult;

import java.util.List;
import java.util.Map;

/**
 * The report on one bench, computed from its result file alone ({@link BenchReports#of}): per target and
 * connection count its points summarised, the subject against every peer, and the profile's goals judged.
 * {@link BenchTable} renders it.
 *
 * @param stopReason  null when complete; otherwise why the bench stopped
 * @param targets     every target of the profile, measured or skipped, in profile order
 * @param runs        one per target and connection count that was started, in run order
 * @param comparisons the subject against every other target, per connection count and thread count
 * @param goals       the profile's goals checked against the runs
 */
@JsonPropertyOrder({"profile", "startedAt", "finishedAt", "complete", "stopReason", "parameters", "environment",
        "targets", "runs", "comparisons", "goals"})
public record BenchReport(
        String profile,
        String startedAt,
        String finishedAt,
        boolean complete,
        String stopReason,
        BenchParameters parameters,
        SweepResult.Environment environment,
        List<TargetStatus> targets,
        List<Run> runs,
        List<Comparison> comparisons,
        List<GoalCheck> goals) {

    public static final String MET = "met";
    public static final String NOT_MET = "not met";
    public static final String NOT_MEASURED = "not measured";

    /**
     * The wrk settings every target shared.
     *
     * @param stagger        the bundled script held each connection's first request (false without the script)
     * @param wrkThreadsRule how wrk's -t was chosen, in words ("the machine's cores", "set by the profile")
     * @param subject        the target the others are compared with
     * @param overrides      the flags the bench was given over its profile (flag to value); empty when none
     */
    @JsonPropertyOrder({"connections", "durationSeconds", "warmupSeconds", "iterations", "wrkThreads", "wrkThreadsRule",
            "delayMs", "timeoutSeconds", "slaP99Ms", "lua", "stagger", "path", "subject", "overrides"})
    public record BenchParameters(List<Integer> connections, double durationSeconds, double warmupSeconds,
                                  int iterations, int wrkThreads, String wrkThreadsRule, double delayMs,
                                  double timeoutSeconds, double slaP99Ms, boolean lua, boolean stagger, String path,
                                  String subject,
                                  @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> overrides) {
    }

    /**
     * A target at one connection count.
     *
     * @param complete   every thread count of the target was measured
     * @param stopReason why not, when not complete
     * @param points     its finished points, summarised
     */
    @JsonPropertyOrder({"target", "connections", "complete", "stopReason", "points"})
    public record Run(String target, int connections, boolean complete, String stopReason, List<RunPoint> points) {
    }

    /**
     * One point of a run: means over its measured iterations (the value itself with one iteration).
     *
     * @param errors        attempts that were not a timely 2xx, summed over the iterations
     * @param loadctlCores  loadctl's own CPU, the highest of the iterations' measured windows
     * @param readyMs       spawn → the ready URL's first answer
     * @param first2xxMs    spawn → the load URL's first 2xx; null when none came
     * @param efficiency    goodput ÷ the Little's-law ceiling at the point's connections; null when either
     *                      is unknown (no goodput, or no handler delay)
     */
    @JsonPropertyOrder({"threads", "wrkThreads", "goodputPerSecond", "latencyP50Ms", "latencyP99Ms", "latencyMaxMs",
            "errors", "errorRate", "serverCores", "wrkCores", "loadctlCores", "littlesLawCeilingPerSecond",
            "efficiency", "wrkSaturated", "readyMs", "first2xxMs", "warnings"})
    public record RunPoint(int threads, int wrkThreads, Double goodputPerSecond, Double latencyP50Ms,
                           Double latencyP99Ms, Double latencyMaxMs, long errors, Double errorRate, Double serverCores,
                           Double wrkCores, Double loadctlCores, double littlesLawCeilingPerSecond, Double efficiency,
                           boolean wrkSaturated, Double readyMs, Double first2xxMs, List<String> warnings) {
    }

    /**
     * The subject against one peer at one connection count and thread count.
     *
     * @param goodputRatio subject ÷ peer goodput; null when the peer had none
     * @param p99Ratio     subject ÷ peer p99 latency (1.10 = 10% slower than the peer); null when one is unknown
     */
    @JsonPropertyOrder({"connections", "threads", "subject", "peer", "subjectGoodputPerSecond", "peerGoodputPerSecond",
            "goodputRatio", "subjectP99Ms", "peerP99Ms", "p99Ratio"})
    public record Comparison(int connections, int threads, String subject, String peer, Double subjectGoodputPerSecond,
                             Double peerGoodputPerSecond, Double goodputRatio, Double subjectP99Ms, Double peerP99Ms,
                             Double p99Ratio) {
    }

    /**
     * A goal of the profile against the numbers.
     *
     * @param status {@link #MET}, {@link #NOT_MET}, or {@link #NOT_MEASURED} (no point it applies to, or a
     *               figure it needs is missing)
     * @param detail the figures it was judged on, one entry per point
     */
    @JsonPropertyOrder({"name", "status", "criteria", "detail"})
    public record GoalCheck(String name, String status, String criteria, List<String> detail) {
    }
}
