package dev.loadctl.engine;

import java.time.Duration;

/**
 * The load of one point, as a load generator applies it: closed-loop connections against one URL.
 *
 * @param wrkThreads the generator's threads (wrk's -t)
 * @param warmup     an unrecorded run before the measured ones; zero skips it
 * @param timeout    a response slower than this counts as a timeout (wrk's --timeout)
 * @param lua        count responses per status code (loadctl's wrk script)
 */
public record LoadShape(String url, int connections, int wrkThreads, Duration duration, Duration warmup,
                        int iterations, Duration timeout, boolean lua) {
}
