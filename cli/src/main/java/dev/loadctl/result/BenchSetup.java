package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What a bench was asked to measure, recorded in its result beside the points: every target of the bench
 * profile (measured or skipped), the connection counts, the subject the others are compared with, and the
 * profile's goals as written. {@code loadctl report} judges the goals; the run only records them.
 *
 * @param wrkThreadsRule how wrk's -t was chosen, in words ("the machine's cores", "--wrk-threads")
 * @param targets        every target of the profile, in profile order
 */
@JsonPropertyOrder({"connections", "subject", "wrkThreads", "wrkThreadsRule", "targets", "goals"})
public record BenchSetup(List<Integer> connections, String subject, int wrkThreads, String wrkThreadsRule,
                         List<TargetStatus> targets, List<Goal> goals) {

    public static final String MEASURED = "measured";
    public static final String SKIPPED = "skipped";

    public BenchSetup {
        connections = connections == null ? List.of() : List.copyOf(connections);
        targets = targets == null ? List.of() : List.copyOf(targets);
        goals = goals == null ? List.of() : List.copyOf(goals);
    }

    /**
     * One target of the bench profile.
     *
     * @param target "bundled" or the sweep profile's server command template, as written
     * @param status {@link #MEASURED} or {@link #SKIPPED}
     * @param reason why it was skipped (its failed requirement); null when measured
     * @param fix    how to install what it needs; null when measured
     */
    @JsonPropertyOrder({"name", "profile", "threads", "target", "status", "reason", "fix"})
    public record TargetStatus(String name, String profile, List<Integer> threads, String target, String status,
                               String reason, String fix) {
    }

    /**
     * A goal of a bench profile, checked against the subject's points (every thread count, unless
     * {@code any-threads}). Every criterion that is set must hold; at least one must be set.
     *
     * @param name             the line printed, e.g. "vs nginx"
     * @param peer             compare with this target at the same -c and thread count
     * @param connections      only at this -c
     * @param maxConnections   only at -c up to this
     * @param anyThreads       met when one thread count meets it (default: every thread count must)
     * @param minGoodputRatio  subject goodput ÷ peer goodput at least this
     * @param maxP99Ratio      subject p99 ÷ peer p99 at most this (1.10 = the peer's + 10%)
     * @param minGoodput       goodput (2xx/s) at least this
     * @param maxP99           p99 latency at most this (a duration, e.g. 250ms)
     * @param minEfficiency    goodput ÷ the Little's-law ceiling at least this (0..1)
     * @param maxFirst2xx      from spawning the server to its first 2xx at most this (a duration)
     * @param maxLoadctlCores  loadctl's own CPU in every measured window of the bench (any target) at most this
     */
    @JsonPropertyOrder({"name", "peer", "connections", "max-connections", "any-threads", "min-goodput-ratio",
            "max-p99-ratio", "min-goodput", "max-p99", "min-efficiency", "max-first-2xx", "max-loadctl-cores"})
    public record Goal(
            String name,
            String peer,
            Integer connections,
            @JsonProperty("max-connections") Integer maxConnections,
            @JsonProperty("any-threads") Boolean anyThreads,
            @JsonProperty("min-goodput-ratio") Double minGoodputRatio,
            @JsonProperty("max-p99-ratio") Double maxP99Ratio,
            @JsonProperty("min-goodput") Double minGoodput,
            @JsonProperty("max-p99") String maxP99,
            @JsonProperty("min-efficiency") Double minEfficiency,
            @JsonProperty("max-first-2xx") String maxFirst2xx,
            @JsonProperty("max-loadctl-cores") Double maxLoadctlCores) {

        public boolean hasCriterion() {
            return minGoodputRatio != null || maxP99Ratio != null || minGoodput != null || maxP99 != null
                    || minEfficiency != null || maxFirst2xx != null || maxLoadctlCores != null;
        }

        public boolean everyThreadCount() {
            return anyThreads == null || !anyThreads;
        }
    }
}
