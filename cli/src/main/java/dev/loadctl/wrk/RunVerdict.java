package dev.loadctl.wrk;

import dev.loadctl.Numbers;
import dev.loadctl.result.Rules;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.SocketErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether one wrk run was healthy, and exactly what went wrong: the last line of {@code loadctl run} and
 * {@code loadctl parse}. Healthy is judged by the report's {@link Rules}: at most
 * {@link Rules#MAX_ERROR_RATE} of the attempts were not a timely 2xx, and not every response was an
 * error. So a run is unhealthy exactly when the report on it alone gives an error reason, and the two
 * never disagree on the same numbers. Latency and the target are not judged here: a single run has no SLA.
 *
 * @param statusCounted false for plain wrk output: a healthy verdict then cannot rule out 3xx responses
 * @param errorRate     the run's error rate, 0..1
 * @param problems      plain-language problems, most serious first, those within the error limit too;
 *                      empty when nothing went wrong at all
 */
public record RunVerdict(boolean healthy, boolean statusCounted, double errorRate, List<String> problems) {

    public static RunVerdict of(WrkResult r) {
        List<String> problems = new ArrayList<>();
        SocketErrors errors = r.socketErrors();
        if (errors.connect() > 0) {
            problems.add(count(errors.connect(), "connect error") + ": wrk could not open all "
                    + Numbers.count(r.connections()) + " connections (open-files limit 'ulimit -n', or the server's listen backlog)");
        }
        if (r.requests() == 0) {
            problems.add("no responses at all in " + decimal(r.durationSeconds()) + " s");
        } else if (r.statusCodes() != null) {
            statusProblems(r, problems);
        } else if (r.non2xx3xxResponses() >= r.requests()) {
            problems.add("every response was an error: all " + Numbers.count(r.requests())
                    + " responses had status >= 400 (wrk's Non-2xx or 3xx count)");
        } else if (r.non2xx3xxResponses() > 0) {
            problems.add(count(r.non2xx3xxResponses(), "response") + " with status >= 400 ("
                    + percentOf(r.non2xx3xxResponses(), r.requests()) + ")");
        }
        if (errors.timeout() > 0) {
            problems.add(count(errors.timeout(), "timeout") + " (" + percentOf(errors.timeout(), r.requests())
                    + " of responses slower than --timeout; they are left out of the latency figures)");
        }
        if (errors.read() > 0 || errors.write() > 0) {
            String kinds = errors.read() == 0 ? count(errors.write(), "write error")
                    : errors.write() == 0 ? count(errors.read(), "read error")
                    : count(errors.read(), "read error") + " and " + count(errors.write(), "write error");
            problems.add(kinds + " (connections the server closed or reset)");
        }
        if (Rules.isEveryResponseAnError(r.requests(), r.goodputPerSecond())
                && problems.stream().noneMatch(p -> p.startsWith("every"))) {
            problems.add(0, "no timely 2xx response at all");
        }
        if (!problems.isEmpty() && r.requestsPerSecond() > 0) {
            problems.add("goodput " + Numbers.perSecond(r.goodputPerSecond()) + (r.goodputEstimated() ? " (estimated)" : "")
                    + " against wrk's Requests/sec " + Numbers.perSecond(r.requestsPerSecond()));
        }
        boolean healthy = Rules.isWithinErrorLimit(r.errorRate())
                && !Rules.isEveryResponseAnError(r.requests(), r.goodputPerSecond());
        return new RunVerdict(healthy, r.statusCodes() != null, r.errorRate(), List.copyOf(problems));
    }

    private static void statusProblems(WrkResult r, List<String> problems) {
        Map<String, Long> codes = r.statusCodes();
        long total = codes.values().stream().mapToLong(Long::longValue).sum();
        long ok = Goodput.count2xx(codes);
        long redirects = sumClass(codes, '3');
        long failures = total - ok - redirects;
        if (ok == 0 && redirects == total) {
            problems.add("every response was a redirect, and a redirect is not a success: " + listed(codes, null)
                    + " (is the URL right? a missing trailing slash is a common cause)");
        } else if (ok == 0) {
            problems.add("every response was an error: none of the " + total + " responses was a 2xx ("
                    + listed(codes, null) + ")");
        } else {
            if (failures > 0) {
                problems.add(count(failures, "non-2xx response") + " (" + percentOf(failures, total) + ": "
                        + listed(codes, "145") + ")");
            }
            if (redirects > 0) {
                problems.add(count(redirects, "3xx redirect") + " (" + percentOf(redirects, total)
                        + "), not successes: " + listed(codes, "3"));
            }
        }
    }

    /** The line that ends every summary. */
    public String line() {
        if (healthy && problems.isEmpty() && statusCounted) {
            return "verdict: healthy: every response was a 2xx within the timeout, no socket errors";
        }
        if (healthy && problems.isEmpty()) {
            return "verdict: healthy as far as plain wrk output tells: no socket errors, timeouts or status >= 400,"
                    + " but wrk does not count 3xx redirects as errors; run with the bundled Lua script to count them";
        }
        // With some timely 2xx the error limit decides, so the line gives the share it was judged on; with
        // none the first problem already says that nothing succeeded.
        String share = errorRate < 1 ? Numbers.percent(errorRate) + " of attempts were not a timely 2xx, "
                + (healthy ? "within" : "over") + " the " + Numbers.percent(Rules.MAX_ERROR_RATE) + " limit: " : "";
        return "verdict: " + (healthy ? "healthy: " : "UNHEALTHY: ") + share + String.join("; ", problems);
    }

    private static long sumClass(Map<String, Long> codes, char firstDigit) {
        return codes.entrySet().stream().filter(e -> e.getKey().charAt(0) == firstDigit)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** "307 ×109758, 404 ×3": the codes whose first digit is in {@code classes} (all when null). */
    static String listed(Map<String, Long> codes, String classes) {
        return codes.entrySet().stream()
                .filter(e -> classes == null || classes.indexOf(e.getKey().charAt(0)) >= 0)
                .map(e -> e.getKey() + " ×" + Numbers.count(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String count(long n, String noun) {
        return Numbers.count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** The report's percentage: never rounded to 0% or 100% unless exactly so. */
    static String percentOf(long part, long whole) {
        return Numbers.percent(whole == 0 ? 1.0 : (double) part / whole);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
