package dev.loadctl.wrk;

import dev.loadctl.Numbers;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;

import java.util.List;
import java.util.Locale;

/** The short human summary of one wrk run, ending in its {@link RunVerdict} line. Locale-independent. */
public final class RunSummary {

    /** Enough to show what wrk complained about; a log full of other text would bury the verdict. */
    static final int MAX_UNKNOWN_LINES_SHOWN = 10;

    private RunSummary() {
    }

    /** The summary with the verdict on the responses alone. */
    public static String format(WrkResult r) {
        return format(r, null);
    }

    /**
     * @param goals what the run is judged against besides its responses (the SLA, the target, the delay for
     *              the Little's-law ceiling); null to judge the responses alone
     */
    public static String format(WrkResult r, RunGoals goals) {
        StringBuilder out = new StringBuilder();
        line(out, "wrk:       %d thread%s, %s connections, %.2f s measured, %s%s", r.threads(),
                r.threads() == 1 ? "" : "s", Numbers.count(r.connections()), r.durationSeconds(),
                r.url() == null ? "(URL not in the output)" : r.url(),
                r.serverThreads() == null ? "" : " (server threads: " + r.serverThreads() + ")");
        line(out, "goodput:   %s timely 2xx%s", Numbers.perSecond(r.goodputPerSecond()), r.goodputEstimated()
                ? " (estimated: plain wrk output has no status counts, so 3xx count as 2xx here)" : "");
        line(out, "requests:  %s responses, wrk's Requests/sec %s (counts errors too)", Numbers.count(r.requests()),
                Numbers.perSecond(r.requestsPerSecond()));
        LatencyMs latency = r.latencyMs();
        line(out, "latency:   p50 %s, p99 %s, p99.9 %s, max %s, avg %s (responses slower than --timeout"
                        + " are not in these)", ms(latency.p50()), ms(latency.p99()), ms(latency.p99_9()),
                ms(latency.max()), ms(latency.avg()));
        SocketErrors errors = r.socketErrors();
        line(out, "errors:    connect %s, read %s, write %s, timeout %s; status >= 400 %s; error rate %s",
                Numbers.count(errors.connect()), Numbers.count(errors.read()), Numbers.count(errors.write()),
                Numbers.count(errors.timeout()), Numbers.count(r.non2xx3xxResponses()), Numbers.percent(r.errorRate()));
        if (r.statusCodes() == null) {
            line(out, "status:    not counted (plain wrk output: run with the bundled Lua script to count them)");
        } else {
            line(out, "status:    %s", r.statusCodes().isEmpty() ? "no responses" : RunVerdict.listed(r.statusCodes(), null));
        }
        List<String> unknown = r.unknownLines();
        for (String printed : unknown.subList(0, Math.min(unknown.size(), MAX_UNKNOWN_LINES_SHOWN))) {
            line(out, "wrk also printed: %s", printed.strip());
        }
        if (unknown.size() > MAX_UNKNOWN_LINES_SHOWN) {
            line(out, "wrk also printed %d more lines (all in the result's unknownLines and rawOutput)",
                    unknown.size() - MAX_UNKNOWN_LINES_SHOWN);
        }
        if (goals != null) {
            line(out, "ceiling:   %s", goals.ceilingLine(r.connections()));
        }
        out.append(goals == null ? RunVerdict.of(r).line() : goals.verdictLine(r)).append('\n');
        return out.toString();
    }

    private static String ms(Double value) {
        return Numbers.millis(value);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
