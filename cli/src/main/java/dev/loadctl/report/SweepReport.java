package dev.loadctl.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.loadctl.result.SweepResult;

import java.util.List;
import java.util.Map;

/**
 * The report on one sweep (or on single wrk runs assembled into one).
 *
 * @param label        "A" or "B" in a comparison, otherwise null
 * @param source       what was read, as the user named it
 * @param kind         "sweep", or "single wrk runs" when assembled from {@code loadctl parse/run} outputs
 * @param threadsAre   what the points' thread counts count: "server threads", or "wrk threads (-t)" for
 *                     single runs that did not record the server's
 * @param completeness "complete", or why and how much of the sweep is missing
 * @param caveats      what a reader must know before reading any figure, said under the heading (wrk's -t
 *                     moving with the server's threads, ...)
 * @param notes        facts a reader needs to read the numbers right (overrides, how points were keyed, ...)
 */
@JsonPropertyOrder({"label", "source", "profile", "kind", "threadsAre", "startedAt", "finishedAt", "complete", "completeness",
        "caveats", "verdict", "parameters", "points", "scalingModel", "notes", "environment", "preflight"})
public record SweepReport(
        String label,
        String source,
        String profile,
        String kind,
        String threadsAre,
        String startedAt,
        String finishedAt,
        boolean complete,
        String completeness,
        List<String> caveats,
        Verdict verdict,
        Parameters parameters,
        List<PointRow> points,
        ScalingModel scalingModel,
        List<String> notes,
        SweepResult.Environment environment,
        List<SweepResult.PreflightCheck> preflight) {

    public static final String KIND_SWEEP = "sweep";
    public static final String KIND_SINGLE_RUNS = "single wrk runs";
    public static final String SERVER_THREADS = "server threads";
    public static final String WRK_THREADS = "wrk threads (-t)";

    /** A short name for titles: the profile, with the comparison label when there is one. */
    public String title() {
        String name = profile == null || profile.isBlank() ? "sweep" : profile;
        return label == null ? name : label + ": " + name;
    }

    /**
     * What the verdict is judged against, and what was asked of wrk.
     *
     * @param littlesLawCeilingPerSecond connections ÷ delay: no server can do more with these connections
     * @param connectionsForTarget       the fewest connections whose ceiling reaches the target
     * @param overrides                  the flags the run was given over its profile (flag to value); empty when
     *                                   it ran the profile as written
     */
    @JsonPropertyOrder({"targetRps", "slaP99Ms", "maxErrorRate", "delayMs", "connections",
            "littlesLawCeilingPerSecond", "connectionsForTarget", "threadsPlanned", "wrkThreads", "durationSeconds",
            "iterations", "url", "target", "overrides"})
    public record Parameters(double targetRps, double slaP99Ms, double maxErrorRate, double delayMs, int connections,
                             double littlesLawCeilingPerSecond, long connectionsForTarget,
                             List<Integer> threadsPlanned, Integer wrkThreads, double durationSeconds,
                             int iterations, String url, String target,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> overrides) {
    }

    /**
     * @param status   "REACHED" or "NOT REACHED"
     * @param threads  the first thread count that met the target; null when not reached
     * @param headline one sentence: the answer
     * @param reasons  why not, in plain words (empty when reached)
     */
    @JsonPropertyOrder({"status", "reached", "threads", "headline", "reasons"})
    public record Verdict(String status, boolean reached, Integer threads, String headline, List<Reason> reasons) {
        public static final String REACHED = "REACHED";
        public static final String NOT_REACHED = "NOT REACHED";
    }

    /**
     * One reason the target was not reached.
     *
     * @param text the reason in plain words, with its figures ({@link VerdictText})
     */
    @JsonPropertyOrder({"kind", "text"})
    public record Reason(Kind kind, String text) {

        /** What kind of reason, in the order a verdict gives them; JSON has the lower-case name. */
        public enum Kind {
            LITTLES_LAW("littles-law"),
            EVERY_RESPONSE_AN_ERROR("every-response-an-error"),
            ERRORS("errors"),
            LATENCY("latency"),
            QUEUEING("queueing"),
            LATENCY_UNKNOWN("latency-unknown"),
            WRK_SATURATED("wrk-saturated"),
            MACHINE_CPU_FULL("machine-cpu-full"),
            TOO_SLOW("too-slow"),
            INCOMPLETE("incomplete"),
            NO_POINTS("no-points");

            private final String json;

            Kind(String json) {
                this.json = json;
            }

            /** The name in report.json, which readers of it match on. */
            @JsonValue
            public String json() {
                return json;
            }
        }
    }

    /**
     * One server thread count. Rates are means over the iterations; counts are summed over them.
     *
     * @param goodputErrorPerSecond half-width of the Student-t interval; null with one iteration
     * @param latencyP99Ms          null when wrk printed no latency distribution (run without --latency)
     * @param latencyP75Ms          like the other percentiles, a mean over the iterations that have it
     * @param latencyP99_9Ms        from loadctl's Lua script; null without it
     * @param latencyP99_99Ms       from loadctl's Lua script; null without it
     * @param outcomes              responses and socket errors per second, by kind (the errors chart)
     * @param efficiency            goodput ÷ the Little's-law ceiling, 0..1
     * @param everyResponseAnError  requests completed but not one was a timely 2xx
     * @param verdict               what the verdict's rules make of this point alone, in table order
     * @param serverP99Ms           the server's own p99 over the measured runs (mean over iterations), from its
     *                              stats URL; null unless every iteration recorded it (the bundled server)
     * @param queueingMs            latencyP99Ms − serverP99Ms: time outside the handler (waiting for a
     *                              connection's turn, in the accept queue, in wrk); null unless both are known
     */
    @JsonPropertyOrder({"threads", "wrkThreads", "iterations", "goodputPerSecond", "goodputErrorPerSecond",
            "goodputEstimated", "requestsPerSecond", "latencyAvgMs", "latencyP50Ms", "latencyP75Ms", "latencyP90Ms",
            "latencyP99Ms", "latencyP99_9Ms", "latencyP99_99Ms", "latencyMaxMs", "errorRate", "requests", "timeouts",
            "connectErrors", "readErrors", "writeErrors",
            "non2xx3xxResponses", "statusClasses", "outcomes", "littlesLawCeilingPerSecond", "efficiency",
            "serverCores", "wrkCores", "machineCores", "wrkSaturated", "meetsTarget", "everyResponseAnError",
            "verdict", "warnings", "serverP99Ms", "queueingMs"})
    public record PointRow(int threads, int wrkThreads, int iterations,
                           Double goodputPerSecond, Double goodputErrorPerSecond, boolean goodputEstimated,
                           Double requestsPerSecond,
                           Double latencyAvgMs, Double latencyP50Ms, Double latencyP90Ms, Double latencyP99Ms,
                           Double latencyMaxMs, Double latencyP75Ms, Double latencyP99_9Ms, Double latencyP99_99Ms,
                           Double errorRate,
                           long requests, long timeouts, long connectErrors, long readErrors, long writeErrors,
                           long non2xx3xxResponses, StatusClasses statusClasses, Outcomes outcomes,
                           double littlesLawCeilingPerSecond, Double efficiency,
                           Double serverCores, Double wrkCores, Integer machineCores, boolean wrkSaturated,
                           boolean meetsTarget, boolean everyResponseAnError, List<PointVerdict> verdict,
                           List<String> warnings, Double serverP99Ms, Double queueingMs) {

        public long socketErrors() {
            return timeouts + connectErrors + readErrors + writeErrors;
        }
    }

    /**
     * What one point is, judged by the same {@link dev.loadctl.result.Rules} as the verdict: whether it meets
     * the target and, where not, each rule it fails; then what makes its figures less than a clean measurement.
     * JSON has the lower-case name; {@link VerdictText#pointVerdict} has the words.
     */
    public enum PointVerdict {
        MEETS_TARGET("meets-target"),
        EVERY_RESPONSE_AN_ERROR("every-response-an-error"),
        ERRORS("errors"),
        OVER_SLA("over-sla"),
        P99_UNKNOWN("p99-unknown"),
        BELOW_TARGET("below-target"),
        WRK_SATURATED("wrk-saturated"),
        CPU_FULL("cpu-full");

        private final String json;

        PointVerdict(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** Responses by status class, summed over iterations; null in the row when wrk ran without the Lua script. */
    @JsonPropertyOrder({"status2xx", "status3xx", "status4xx", "status5xx", "other"})
    public record StatusClasses(long status2xx, long status3xx, long status4xx, long status5xx, long other) {
    }

    /**
     * What happened per second at one point. Completed responses split into disjoint parts (their sum is
     * wrk's requests/s); socket errors are counted apart because wrk counts a request that timed out and
     * a response that arrived late separately.
     *
     * @param timely2xxPerSecond       goodput
     * @param late2xxPerSecond         2xx that arrived after wrk's timeout (status codes known)
     * @param unclassifiedPerSecond    without status codes: responses wrk counts neither as error nor as
     *                                 timely (late 2xx, or 3xx, which wrk does not count as errors)
     * @param statusOver399PerSecond   without status codes: wrk's "Non-2xx or 3xx responses" (status > 399)
     */
    @JsonPropertyOrder({"timely2xxPerSecond", "late2xxPerSecond", "status3xxPerSecond", "status4xxPerSecond",
            "status5xxPerSecond", "otherStatusPerSecond", "statusOver399PerSecond", "unclassifiedPerSecond",
            "timeoutsPerSecond", "connectErrorsPerSecond", "readErrorsPerSecond", "writeErrorsPerSecond"})
    public record Outcomes(double timely2xxPerSecond, double late2xxPerSecond, double status3xxPerSecond,
                           double status4xxPerSecond, double status5xxPerSecond, double otherStatusPerSecond,
                           double statusOver399PerSecond, double unclassifiedPerSecond,
                           double timeoutsPerSecond, double connectErrorsPerSecond, double readErrorsPerSecond,
                           double writeErrorsPerSecond) {
    }
}
