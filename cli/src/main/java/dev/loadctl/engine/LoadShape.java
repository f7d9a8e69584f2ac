package dev.loadctl.engine;

import dev.loadctl.wrk.WrkInvocation;

import java.time.Duration;

/**
 * The load of one point, as a load generator applies it: closed-loop connections against one URL.
 *
 * @param wrkThreads the generator's threads (wrk's -t)
 * @param warmup     an unrecorded run before the measured ones; zero skips it
 * @param timeout    a response slower than this counts as a timeout (wrk's --timeout)
 * @param lua        count responses per status code (loadctl's wrk script)
 * @param staggerStart with the script, each connection's first request waits a random time below this (the
 *                   handler's delay): see {@link dev.loadctl.wrk.WrkInvocation}; zero for none
 */
public record LoadShape(String url, int connections, int wrkThreads, Duration duration, Duration warmup,
                        int iterations, Duration timeout, boolean lua, Duration staggerStart) {

    /** Without a staggered start. */
    public LoadShape(String url, int connections, int wrkThreads, Duration duration, Duration warmup,
                     int iterations, Duration timeout, boolean lua) {
        this(url, connections, wrkThreads, duration, warmup, iterations, timeout, lua, Duration.ZERO);
    }

    public LoadShape {
        staggerStart = staggerStart == null ? Duration.ZERO : staggerStart;
    }

    /** One wrk process running this whole load for {@code duration}. */
    public WrkInvocation invocation(Duration duration) {
        return new WrkInvocation(url, wrkThreads, connections, duration, timeout, lua, staggerStart);
    }
}
