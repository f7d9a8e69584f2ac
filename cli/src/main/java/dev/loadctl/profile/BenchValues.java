package dev.loadctl.profile;

import dev.loadctl.result.BenchSetup.Goal;

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
}
