package dev.loadctl.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A bench profile's {@code bench:} block: several targets, each a sweep profile with its own thread
 * counts, measured in turn under the same wrk settings at each connection count. The wrk settings
 * themselves (duration, warm-up, timeout, ...) are the bench profile's {@code sweep:} block.
 *
 * @param connections wrk's -c values; every target runs at each
 * @param subject     the target the others are compared with (ratios are subject/peer); default the first
 * @param targets     what to measure, in this order
 * @param goals       checks printed at the end as met / not met
 */
public record BenchValues(List<Integer> connections, String subject, List<Target> targets, List<Goal> goals) {

    public BenchValues {
        connections = connections == null ? List.of() : List.copyOf(connections);
        targets = targets == null ? List.of() : List.copyOf(targets);
        goals = goals == null ? List.of() : List.copyOf(goals);
    }

    /** The subject's name: as given, or the first target's. */
    public String subjectName() {
        return subject != null ? subject : targets.isEmpty() ? null : targets.get(0).name();
    }

    /**
     * One target of the bench.
     *
     * @param name    label in the table and in folder names (default: the profile name)
     * @param profile a sweep profile: its server (none = the bundled server), requires and ready-timeout
     * @param threads server threads (or workers), one point each
     */
    public record Target(String name, String profile, List<Integer> threads) {
        public Target {
            name = name == null ? profile : name;
            threads = threads == null ? List.of() : List.copyOf(threads);
        }
    }

    /**
     * A goal, checked against the subject's points (every thread count, unless {@code any-threads}).
     * Every criterion that is set must hold; at least one must be set.
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
