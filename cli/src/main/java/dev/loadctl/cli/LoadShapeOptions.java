package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** The load's shape, shared by {@code sweep} and {@code doctor}: the profile, threads, connections, generator. */
public final class LoadShapeOptions {

    @Option(names = "--profile", paramLabel = "NAME|FILE.yaml",
            description = "Scenario from profiles/ (see 'loadctl profiles') or a YAML file; flags override it."
                    + " Default: default.")
    String profile;

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Server thread counts, one point each, each 1 to 4096 and listed once, e.g. 1,2,4,8"
                    + " (default: 1,2,4,8).")
    List<Integer> threads;

    @Option(names = "--connections", paramLabel = "C",
            description = "wrk connections, kept open for the whole run, 1 to 10,000,000 (default: 20000).")
    Integer connections;

    @Mixin
    GeneratorOptions generator;

    SweepValues values() {
        SweepValues set = SweepValues.NONE;
        set = threads == null ? set : set.withThreads(threads);
        set = connections == null ? set : set.withConnections(connections);
        return generator.over(set);
    }
}
