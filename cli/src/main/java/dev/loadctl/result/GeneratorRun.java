package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;

/**
 * One load generator's own share of a run that several wrk processes made together: kept beside their
 * merge, so that a generator that disagrees with the others (a slower host, a saturated one) can be seen.
 *
 * @param host            {@code local} for a wrk process on loadctl's machine, else the generator host as given
 *                        ({@code [user@]host[:port]})
 * @param index           1, 2, ... among the generators of that host
 * @param threads         its wrk -t
 * @param connections     its wrk -c
 * @param startOffsetMs   when its measured window began, after the earliest generator's (0 for that one); null
 *                        when not known (no Lua script, or a wrk without LuaJIT's ffi)
 * @param durationSeconds its own measured window
 * @param latencyMs       its own latency, as wrk printed it
 * @param cpu             its CPU; null when not measured
 * @param rawOutput       what this wrk printed, exactly
 */
@JsonPropertyOrder({"host", "index", "threads", "connections", "startOffsetMs", "durationSeconds", "requests",
        "goodputPerSecond", "errorRate", "socketErrors", "latencyMs", "cpu", "rawOutput"})
public record GeneratorRun(String host, int index, int threads, int connections, Double startOffsetMs,
                           double durationSeconds, long requests, double goodputPerSecond, double errorRate,
                           SocketErrors socketErrors, LatencyMs latencyMs, GeneratorCpu cpu, String rawOutput) {

    public static final String LOCAL = "local";

    /** "local #2", "root@10.0.0.5 #1": how warnings and errors name it. */
    public String label() {
        return host + " #" + index;
    }

    public GeneratorRun withStartOffsetMs(Double offset) {
        return new GeneratorRun(host, index, threads, connections, offset, durationSeconds, requests,
                goodputPerSecond, errorRate, socketErrors, latencyMs, cpu, rawOutput);
    }

    /**
     * CPU of one wrk process, from the shell's {@code times} around it (utime+stime of wrk, counted when it has
     * exited), on whichever machine it ran.
     *
     * @param wrkCores  cores used over its run, 1.0 = one core busy
     * @param hostCores cores of its machine; null when not known
     * @param saturated wrk used (almost) all the cores it can use ({@link Rules#isWrkSaturated})
     */
    @JsonPropertyOrder({"wrkCores", "wrkThreads", "hostCores", "saturated"})
    public record GeneratorCpu(double wrkCores, int wrkThreads, Integer hostCores, boolean saturated) {
    }
}
