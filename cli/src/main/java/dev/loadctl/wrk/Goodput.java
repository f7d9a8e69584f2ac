package dev.loadctl.wrk;

import dev.loadctl.result.WrkResult.SocketErrors;

import java.util.Map;

/**
 * Goodput and error rate from wrk's counts (documented in docs/result-schema.md).
 *
 * <p>wrk's timeouts are responses slower than --timeout: they are still in its request count, and
 * wrk cannot say which status they had. Taking them all out of the 2xx makes goodput a lower bound,
 * which is the safe side when the question is whether a target is reached.
 *
 * @param timely2xx  2xx responses minus timeouts, floored at 0
 * @param perSecond  timely2xx per measured second
 * @param estimated  no status counts: 2xx is estimated as requests − timeouts − non2xx3xx (3xx counted as 2xx)
 * @param errorRate  1 − timely2xx / max(1, requests + connect + read + write errors), within [0, 1]
 */
public record Goodput(long timely2xx, double perSecond, boolean estimated, double errorRate) {

    /**
     * @param statusCodes responses per status code from the bundled script, or null without it
     */
    public static Goodput of(long requests, double durationSeconds, SocketErrors errors, long non2xx3xx,
                             Map<String, Long> statusCodes) {
        long responses2xx = statusCodes == null ? requests - non2xx3xx : count2xx(statusCodes);
        long timely2xx = Math.max(0, responses2xx - errors.timeout());
        double perSecond = durationSeconds > 0 ? timely2xx / durationSeconds : 0.0;
        long attempts = requests + errors.connect() + errors.read() + errors.write();
        double errorRate = 1.0 - (double) timely2xx / Math.max(1, attempts);
        return new Goodput(timely2xx, perSecond, statusCodes == null, Math.min(1.0, Math.max(0.0, errorRate)));
    }

    static long count2xx(Map<String, Long> statusCodes) {
        return statusCodes.entrySet().stream()
                .filter(e -> e.getKey().length() == 3 && e.getKey().charAt(0) == '2')
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
