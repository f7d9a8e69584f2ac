package dev.loadctl.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One target of a bench: a sweep profile run at each of the bench's connection counts.
 *
 * @param name    label in tables and folder names
 * @param profile the sweep profile it comes from
 * @param threads its server thread counts (or workers), one point each
 * @param sweeps  the sub-sweep's options for a connection count, writing into the given folder
 */
public record BenchTarget(String name, String profile, List<Integer> threads,
                          BiFunction<Integer, Path, SweepOptions> sweeps) {

    public BenchTarget {
        threads = List.copyOf(threads);
    }

    public SweepOptions sweepAt(int connections, Path resultFolder) {
        return sweeps.apply(connections, resultFolder);
    }
}
