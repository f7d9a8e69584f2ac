package dev.loadctl.engine;

import dev.loadctl.launch.Generators;

/** The load generator a plan's {@link Generators} ask for. */
public final class LoadGenerators {

    private LoadGenerators() {
    }

    /**
     * One local wrk is run as it always has been ({@link LocalWrk}: its CPU from loadctl's cutime, its output
     * its result); anything more is {@link MultiWrk}.
     */
    public static LoadGenerator of(Generators generators) {
        return generators.single() ? new LocalWrk() : new MultiWrk(generators);
    }
}
