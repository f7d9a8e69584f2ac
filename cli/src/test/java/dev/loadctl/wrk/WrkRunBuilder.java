package dev.loadctl.wrk;

import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;
import dev.loadctl.result.WrkResult.ThreadRate;

import java.util.List;
import java.util.Map;

/**
 * A wrk run for tests, as loadctl records one: goodput and error rate come from the counts by {@link Goodput},
 * as the parser computes them, unless a test sets them itself (a made-up run whose figures wobble between
 * iterations). What a test does not set is absent: no latency distribution, thread stats, socket errors,
 * status codes or CPU, nothing read.
 */
public final class WrkRunBuilder {

    private final String url;
    private final int threads;
    private final int connections;
    private final double seconds;
    private long requests;
    private Double requestsPerSecond;
    private double bytesRead;
    private double transferBytesPerSecond;
    private LatencyMs latency;
    private ThreadRate perThread;
    private SocketErrors socketErrors = SocketErrors.NONE;
    private long non2xx3xx;
    private Map<String, Long> statusCodes;
    private Double goodputPerSecond;
    private Double errorRate;
    private CpuUsage cpu;
    private String rawOutput = "";
    private Integer serverThreads;

    private WrkRunBuilder(String url, int threads, int connections, double seconds) {
        this.url = url;
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
    }

    /** wrk -t{@code threads} -c{@code connections} against {@code url}, measured for {@code seconds}. */
    public static WrkRunBuilder run(String url, int threads, int connections, double seconds) {
        return new WrkRunBuilder(url, threads, connections, seconds);
    }

    /** Completed responses; wrk's Requests/sec is these per second unless {@link #requestsPerSecond} says. */
    public WrkRunBuilder requests(long count) {
        this.requests = count;
        return this;
    }

    /** wrk's Requests/sec as it printed it (its own clock, not requests ÷ seconds to the digit). */
    public WrkRunBuilder requestsPerSecond(double perSecond) {
        this.requestsPerSecond = perSecond;
        return this;
    }

    /** wrk's "read" total and Transfer/sec, in bytes. */
    public WrkRunBuilder read(double bytes, double bytesPerSecond) {
        this.bytesRead = bytes;
        this.transferBytesPerSecond = bytesPerSecond;
        return this;
    }

    public WrkRunBuilder latency(LatencyMs latencyMs) {
        this.latency = latencyMs;
        return this;
    }

    public WrkRunBuilder perThread(ThreadRate rate) {
        this.perThread = rate;
        return this;
    }

    public WrkRunBuilder socketErrors(SocketErrors errors) {
        this.socketErrors = errors;
        return this;
    }

    /** wrk's count of responses with status above 399. */
    public WrkRunBuilder non2xx3xx(long count) {
        this.non2xx3xx = count;
        return this;
    }

    /** Responses per status code, as loadctl's Lua script counts them; without them goodput is estimated. */
    public WrkRunBuilder statusCodes(Map<String, Long> codes) {
        this.statusCodes = codes;
        return this;
    }

    /** Goodput and error rate as given, not from the counts. */
    public WrkRunBuilder goodput(double perSecond, double rate) {
        this.goodputPerSecond = perSecond;
        this.errorRate = rate;
        return this;
    }

    public WrkRunBuilder cpu(CpuUsage usage) {
        this.cpu = usage;
        return this;
    }

    public WrkRunBuilder rawOutput(String output) {
        this.rawOutput = output;
        return this;
    }

    public WrkRunBuilder serverThreads(Integer count) {
        this.serverThreads = count;
        return this;
    }

    public WrkResult build() {
        Goodput counted = Goodput.of(requests, seconds, socketErrors, non2xx3xx, statusCodes);
        return new WrkResult(WrkResult.SCHEMA_VERSION, url, threads, connections, seconds, requests,
                Math.round(bytesRead), requestsPerSecond == null ? requests / seconds : requestsPerSecond,
                transferBytesPerSecond, latency, perThread, socketErrors, non2xx3xx, statusCodes,
                goodputPerSecond == null ? counted.perSecond() : goodputPerSecond, counted.estimated(),
                errorRate == null ? counted.errorRate() : errorRate, cpu, List.of(), rawOutput, serverThreads);
    }
}
