package dev.loadctl.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.SweepResult;

import java.util.List;
import java.util.Map;

/**
 * The report on one capacity search, computed from its result file alone ({@link CapacityReports#of}): per
 * thread count the capacity found (the most goodput whose run met the SLA) and why the search stopped there,
 * the verdict, every probe judged again, and the scaling model fitted to the capacities. Serialised as-is by
 * {@code --json}; {@link CapacityFormats} renders the rest.
 *
 * @param completeness "complete", or why the search stopped early
 * @param threads      one per thread count asked for, in order
 * @param probes       every point of the result, in run order
 * @param scalingModel the USL fitted to the capacities found, or why it does not describe them
 */
@JsonPropertyOrder({"reportVersion", "loadctlVersion", "source", "profile", "kind", "startedAt", "finishedAt",
        "complete", "completeness", "verdict", "parameters", "threads", "probes", "scalingModel", "notes",
        "environment", "preflight"})
public record CapacityReport(int reportVersion, String loadctlVersion, String source, String profile, String kind,
                             String startedAt, String finishedAt, boolean complete, String completeness,
                             Verdict verdict, Parameters parameters, List<ThreadCapacity> threads,
                             List<ProbeRow> probes, ScalingModel scalingModel, List<String> notes,
                             SweepResult.Environment environment, List<SweepResult.PreflightCheck> preflight) {

    /** A capacity measured with its final runs, which met the SLA. */
    public static final String CONFIRMED = "confirmed";
    /** The best passing probe, without a final that met the SLA (the search was stopped, or its finals failed). */
    public static final String UNCONFIRMED = "unconfirmed";
    /** No probe met the SLA. */
    public static final String NONE = "none";
    /** The search did not reach this thread count. */
    public static final String NOT_SEARCHED = "not searched";

    /**
     * @param status   "REACHED" or "NOT REACHED"
     * @param threads  the fewest threads whose confirmed capacity meets the target; null when not reached
     * @param headline one sentence: the answer
     * @param reasons  why the search stopped at each thread count (for NOT REACHED: why it is not reached)
     */
    @JsonPropertyOrder({"status", "reached", "threads", "headline", "reasons"})
    public record Verdict(String status, boolean reached, Integer threads, String headline, List<Reason> reasons) {
    }

    /**
     * Why the search stopped at one thread count (or, with {@code threads} null, something that holds for all).
     *
     * @param stop  how the search ended there (a {@code CapacityProbe.Outcome} stop), or {@code incomplete}
     * @param cause what failed at the edge (a {@code CapacityRules} finding kind); null when nothing failed there
     */
    @JsonPropertyOrder({"threads", "stop", "cause", "text"})
    public record Reason(Integer threads, String stop, String cause, String text) {
    }

    /**
     * What was asked: the SLA, and how the search moves.
     *
     * @param connectionLimit     the most connections a probe could open
     * @param connectionLimitText what set it
     * @param serverWarmupSeconds the load a fresh server got before its first probe; null when not recorded
     */
    @JsonPropertyOrder({"targetRps", "slaP99Ms", "maxErrorRate", "delayMs", "threadsPlanned", "wrkThreads",
            "startConnections", "connectionsForTarget", "headroom", "growthFactor", "resolution", "connectionLimit",
            "connectionLimitText", "probeDurationSeconds", "probeWarmupSeconds", "serverWarmupSeconds",
            "confirmDurationSeconds", "confirmIterations", "url", "target", "overrides"})
    public record Parameters(double targetRps, double slaP99Ms, double maxErrorRate, double delayMs,
                             List<Integer> threadsPlanned, Integer wrkThreads, int startConnections,
                             long connectionsForTarget, double headroom, double growthFactor, double resolution,
                             int connectionLimit, String connectionLimitText, double probeDurationSeconds,
                             double probeWarmupSeconds, Double serverWarmupSeconds, double confirmDurationSeconds,
                             int confirmIterations,
                             String url, String target,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> overrides) {
    }

    /**
     * The capacity at one thread count.
     *
     * @param status                 {@link #CONFIRMED}, {@link #UNCONFIRMED}, {@link #NONE} or {@link #NOT_SEARCHED}
     * @param capacityPerSecond      timely 2xx/s of the capacity's run(s); null when there is none
     * @param capacityErrorPerSecond the 99.9% Student-t half-width over the final's runs; null with one run
     * @param connections            where it was measured
     * @param meetsTarget            confirmed and at least the target
     * @param probes                 points measured at this thread count, of every role
     * @param stop                   why the search stopped here; null when it was not searched
     */
    @JsonPropertyOrder({"threads", "status", "capacityPerSecond", "capacityErrorPerSecond", "connections",
            "latencyP50Ms", "latencyP99Ms", "errorRate", "iterations", "serverCores", "wrkCores", "meetsTarget",
            "probes", "stop"})
    public record ThreadCapacity(int threads, String status, Double capacityPerSecond, Double capacityErrorPerSecond,
                                 Integer connections, Double latencyP50Ms, Double latencyP99Ms, Double errorRate,
                                 int iterations, Double serverCores, Double wrkCores, boolean meetsTarget,
                                 int probes, Reason stop) {
    }

    /**
     * One point of the search, judged again from its runs.
     *
     * @param index    1-based, in run order
     * @param role     probe, confirm or final
     * @param step     why these connections: start, grow, shrink, bisect, confirm, final
     * @param passed   met the SLA by the report's judgment
     * @param cause    what failed it, most telling first; null when it passed
     * @param findings every finding in words
     * @param chosen   it is the capacity of its thread count
     * @param decision what the search did next, as recorded
     * @param pooled   a confirmation's verdict over every run at its connections, which the search went by, as
     *                 recorded (the report cannot pool runs again: that needs wrk's latency distributions);
     *                 null for every other point
     */
    @JsonPropertyOrder({"index", "threads", "connections", "role", "step", "iterations", "goodputPerSecond",
            "goodputErrorPerSecond", "latencyP50Ms", "latencyP99Ms", "errorRate", "serverCores", "wrkCores",
            "wrkSaturated", "littlesLawCeilingPerSecond", "passed", "cause", "findings", "chosen", "decision",
            "pooled"})
    public record ProbeRow(int index, int threads, int connections, String role, String step, int iterations,
                           Double goodputPerSecond, Double goodputErrorPerSecond, Double latencyP50Ms,
                           Double latencyP99Ms, Double errorRate, Double serverCores, Double wrkCores,
                           boolean wrkSaturated, double littlesLawCeilingPerSecond, boolean passed, String cause,
                           String findings, boolean chosen, String decision,
                           @JsonInclude(JsonInclude.Include.NON_NULL) CapacityProbe.Pooled pooled) {
    }
}
