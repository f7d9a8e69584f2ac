package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What a capacity search recorded about one of its points: what the probe was for, whether it met the SLA and
 * why not, and what the search did next. The report judges every point again from its iterations by the same
 * rules ({@link CapacityRules}); these fields say what the search went by. Documented in docs/result-schema.md.
 *
 * @param role            {@link #PROBE}, {@link #CONFIRM} or {@link #FINAL}
 * @param step            why these connections: {@code start}, {@code grow}, {@code shrink}, {@code bisect},
 *                        {@code confirm} or {@code final}
 * @param passConnections the most connections known to pass at this thread count when the probe was chosen;
 *                        null when none was
 * @param failConnections the fewest connections known to fail above them then; null when none was
 * @param passed          it met the SLA: p99 within it, errors within the limit, the load generator not saturated
 * @param reasons         why it did not, and what explains it (empty when it passed)
 * @param decision        what the search did next, in words
 * @param outcome         set on the last point of a thread count's search: how the search ended there
 * @param pooled          a confirmation's verdict on every run at its connections pooled, which the search went by
 *                        ({@code passed} is the point's own); null otherwise, and in files from before it
 */
@JsonPropertyOrder({"role", "step", "passConnections", "failConnections", "passed", "reasons", "decision",
        "outcome", "pooled"})
public record CapacityProbe(String role, String step, Integer passConnections, Integer failConnections,
                            boolean passed, List<CapacityRules.Finding> reasons, String decision, Outcome outcome,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Pooled pooled) {

    /** Without a pooled verdict: a probe, a final, or a confirmation judged alone. */
    public CapacityProbe(String role, String step, Integer passConnections, Integer failConnections, boolean passed,
                         List<CapacityRules.Finding> reasons, String decision, Outcome outcome) {
        this(role, step, passConnections, failConnections, passed, reasons, decision, outcome, null);
    }

    /**
     * Runs at one connection count taken as one (requests and time added, latency distributions merged).
     *
     * @param runs    how many runs
     * @param seconds their measured time together
     * @param p99Ms   the pooled p99; null when unknown
     * @param passed  the pool met the SLA
     */
    @JsonPropertyOrder({"runs", "seconds", "p99Ms", "passed"})
    public record Pooled(int runs, double seconds, Double p99Ms, boolean passed) {
    }

    /** A probe of the search: one short run at one connection count. */
    public static final String PROBE = "probe";
    /** The same connections again, before a failure decides the answer. */
    public static final String CONFIRM = "confirm";
    /** The capacity measured again, several runs, for mean ± error. */
    public static final String FINAL = "final";

    public CapacityProbe {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /**
     * How the search at one thread count ended.
     *
     * @param stop                {@link #EDGE}, {@link #PLATEAU}, {@link #CONNECTION_LIMIT}, {@link #NO_PASS},
     *                            {@link #PROBE_FAILED}, {@link #UNCONFIRMED} or {@link #PROBE_BUDGET}
     * @param cause               for an edge or no pass: the failing probe's cause (a {@link CapacityRules}
     *                            finding kind); null otherwise
     * @param connections         where it stopped: the confirmed failure, the limit, the lightest load tried
     * @param capacityConnections the connections of the capacity measured; null when there is none
     * @param text                the same in words, with figures
     */
    @JsonPropertyOrder({"stop", "cause", "connections", "capacityConnections", "text"})
    public record Outcome(String stop, String cause, Integer connections, Integer capacityConnections, String text) {
        /** A confirmed failure just above the capacity, within the resolution. */
        public static final String EDGE = "edge";
        /** Goodput stopped growing with more connections. */
        public static final String PLATEAU = "plateau";
        /** The connection limit was reached with the SLA still met. */
        public static final String CONNECTION_LIMIT = "connection-limit";
        /** No load met the SLA, down to the lightest tried. */
        public static final String NO_PASS = "no-pass";
        /** A probe could not be measured (the target did not start, wrk failed). */
        public static final String PROBE_FAILED = "probe-failed";
        /** The final measurement kept failing where the probes had passed. */
        public static final String UNCONFIRMED = "unconfirmed";
        /** The search used the most probes one thread count may take. */
        public static final String PROBE_BUDGET = "probe-budget";
    }
}
