package dev.loadctl.wrk;

import dev.loadctl.result.Rules;
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
 * @param errorRate  {@link Rules#errorRate}: 1 − timely2xx / max(1, requests + connect + read + write errors)
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
        return new Goodput(timely2xx, perSecond, statusCodes == null,
                Rules.errorRate(timely2xx, Rules.attempts(requests, errors)));
    }

    static long count2xx(Map<String, Long> statusCodes) {
        return statusCodes.entrySet().stream()
                .filter(e -> e.getKey().length() == 3 && e.getKey().charAt(0) == '2')
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
