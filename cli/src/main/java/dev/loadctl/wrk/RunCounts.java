package dev.loadctl.wrk;

import dev.loadctl.result.Rules;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.SocketErrors;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of several wrk results added up: what a merge of generators ({@link WrkMerge}) and a pool of runs
 * one after another ({@link PooledRuns}) have in common. Rates and latency each combine in their own way.
 */
final class RunCounts {

    long requests;
    long bytes;
    long non2xx;
    /** 2xx within --timeout, each result's own as {@link Goodput} counts them. */
    long timely2xx;
    boolean estimated;
    private long connect;
    private long read;
    private long write;
    private long timeout;
    private final Map<String, Long> codes = new TreeMap<>();
    private boolean allCodes = true;

    RunCounts add(WrkResult r) {
        requests += r.requests();
        bytes += r.bytesRead();
        non2xx += r.non2xx3xxResponses();
        timely2xx += Goodput.of(r.requests(), r.durationSeconds(), r.socketErrors(), r.non2xx3xxResponses(),
                r.statusCodes()).timely2xx();
        estimated |= r.goodputEstimated();
        connect += r.socketErrors().connect();
        read += r.socketErrors().read();
        write += r.socketErrors().write();
        timeout += r.socketErrors().timeout();
        if (r.statusCodes() == null) {
            allCodes = false;
        } else {
            r.statusCodes().forEach((code, n) -> codes.merge(code, n, Long::sum));
        }
        return this;
    }

    SocketErrors errors() {
        return new SocketErrors(connect, read, write, timeout);
    }

    /** Responses per status code; null unless every result had them (the script ran). */
    Map<String, Long> statusCodes() {
        return allCodes ? codes : null;
    }

    double errorRate() {
        return Rules.errorRate(timely2xx, Rules.attempts(requests, errors()));
    }
}
