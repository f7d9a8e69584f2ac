package dev.loadctl.engine;

import dev.loadctl.result.WrkResult;

import java.time.Duration;

/**
 * Where the engine gets its load from. One call of {@link #measure} is one run of the load, its result
 * read from the generator's own output. A single local wrk process is the first implementation
 * ({@link LocalWrk}); several processes, here or on other hosts, are {@link MultiWrk}
 * ({@link LoadGenerators#of} picks).
 */
public interface LoadGenerator {

    /**
     * Applies {@code load} for {@code duration} and returns what the generator measured; blocks until it has
     * finished. Throws {@code LoadctlException} when the generator failed or printed no result.
     */
    WrkResult measure(LoadShape load, Duration duration);

    /** Ends a running {@link #measure} now, from any thread; that call then returns or throws at once. */
    void stop();

    /**
     * The target of a point answers: the last moment to check, before any load, that every generator can
     * reach {@code load}'s URL. Throws {@code LoadctlException} (ENVIRONMENT) when one cannot.
     */
    default void targetReady(LoadShape load) {
    }

    /** The run is over: let go of what the generator holds across points (ssh connections). */
    default void close() {
    }
}
