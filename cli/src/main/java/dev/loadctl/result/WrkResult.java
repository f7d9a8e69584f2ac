package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One wrk run, read right. The JSON form is documented in docs/result-schema.md; every unit is in
 * the field name. Produced by {@code loadctl run} (live) and {@code loadctl parse} (saved output);
 * both go through the same parser, so the numbers are the same.
 *
 * @param schemaVersion          {@link #SCHEMA_VERSION}
 * @param url                    target URL from wrk's "Running ... @ URL" header
 * @param threads                wrk threads ("N threads and M connections")
 * @param connections            wrk connections requested (not necessarily opened: see socketErrors.connect)
 * @param durationSeconds        measured duration, from "N requests in X"
 * @param requests               completed responses, any status (wrk's count)
 * @param bytesRead              bytes read, from "Y read" (1024-based units)
 * @param requestsPerSecond      wrk's Requests/sec: counts errors too; never call it throughput
 * @param transferBytesPerSecond wrk's Transfer/sec in bytes
 * @param latencyMs              latency statistics in milliseconds; fields null where wrk printed -nan or nothing
 * @param requestsPerSecondPerThread wrk's Req/Sec Thread Stats row
 * @param socketErrors           wrk's "Socket errors" line; zeros when absent
 * @param non2xx3xxResponses     wrk's own count of responses with status > 399 (3xx is NOT in it)
 * @param statusCodes            responses per status code, from the bundled Lua script; null without it
 * @param goodputPerSecond       timely 2xx responses per measured second (2xx minus timeouts, floored at 0)
 * @param goodputEstimated       true when statusCodes is null and goodput comes from requests − timeouts − non2xx3xx
 * @param errorRate              share of attempts (responses, and failed connects, reads and writes) that were
 *                               not a timely 2xx, 0..1; judged by {@link Rules#MAX_ERROR_RATE}
 * @param cpu                    CPU use during the measured window; null when not sampled (parse)
 * @param unknownLines           lines the parser did not recognise, kept verbatim
 * @param rawOutput              wrk's stdout (and stderr) exactly as printed
 * @param serverThreads          the server thread count under test, as given to {@code loadctl run --threads};
 *                               null when unknown (parse of a saved output)
 * @param serverLatencyMs        the server's own latency over the measured window, from its stats URL (the
 *                               bundled server's /stats); null, and absent from the JSON, for other targets, for
 *                               run and parse, and when the server could not be read
 * @param generators             each load generator's own figures when several wrk processes made this run (their
 *                               merge is the rest of this record); null, and left out of the JSON, for one
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schemaVersion", "url", "threads", "connections", "serverThreads", "durationSeconds",
        "requests", "bytesRead", "requestsPerSecond", "transferBytesPerSecond", "latencyMs",
        "requestsPerSecondPerThread", "socketErrors", "non2xx3xxResponses", "statusCodes", "goodputPerSecond",
        "goodputEstimated", "errorRate", "cpu", "unknownLines", "rawOutput", "serverLatencyMs", "generators"})
public record WrkResult(
        int schemaVersion,
        String url,
        int threads,
        int connections,
        double durationSeconds,
        long requests,
        long bytesRead,
        double requestsPerSecond,
        double transferBytesPerSecond,
        LatencyMs latencyMs,
        ThreadRate requestsPerSecondPerThread,
        SocketErrors socketErrors,
        long non2xx3xxResponses,
        Map<String, Long> statusCodes,
        double goodputPerSecond,
        boolean goodputEstimated,
        double errorRate,
        CpuUsage cpu,
        List<String> unknownLines,
        String rawOutput,
        Integer serverThreads,
        // Left out when null, so that results of targets without a stats URL read and write as before.
        @JsonInclude(JsonInclude.Include.NON_NULL) ServerLatencyMs serverLatencyMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<GeneratorRun> generators) {

    public static final int SCHEMA_VERSION = 1;

    public WrkResult {
        generators = generators == null ? null : List.copyOf(generators);
    }

    /** One wrk process's result (no generators list). */
    public WrkResult(int schemaVersion, String url, int threads, int connections, double durationSeconds, long requests,
                     long bytesRead, double requestsPerSecond, double transferBytesPerSecond, LatencyMs latencyMs,
                     ThreadRate requestsPerSecondPerThread, SocketErrors socketErrors, long non2xx3xxResponses,
                     Map<String, Long> statusCodes, double goodputPerSecond, boolean goodputEstimated,
                     double errorRate, CpuUsage cpu, List<String> unknownLines, String rawOutput,
                     Integer serverThreads) {
        this(schemaVersion, url, threads, connections, durationSeconds, requests, bytesRead, requestsPerSecond,
                transferBytesPerSecond, latencyMs, requestsPerSecondPerThread, socketErrors, non2xx3xxResponses,
                statusCodes, goodputPerSecond, goodputEstimated, errorRate, cpu, unknownLines, rawOutput,
                serverThreads, null, null);
    }

    /** Same result with CPU figures attached (the sweep samples CPU beside the parser). */
    public WrkResult withCpu(CpuUsage cpuUsage) {
        return new WrkResult(schemaVersion, url, threads, connections, durationSeconds, requests, bytesRead,
                requestsPerSecond, transferBytesPerSecond, latencyMs, requestsPerSecondPerThread, socketErrors,
                non2xx3xxResponses, statusCodes, goodputPerSecond, goodputEstimated, errorRate, cpuUsage,
                unknownLines, rawOutput, serverThreads, serverLatencyMs, generators);
    }

    /** Same result, recording which server thread count it measured. */
    public WrkResult withServerThreads(Integer serverThreadCount) {
        return new WrkResult(schemaVersion, url, threads, connections, durationSeconds, requests, bytesRead,
                requestsPerSecond, transferBytesPerSecond, latencyMs, requestsPerSecondPerThread, socketErrors,
                non2xx3xxResponses, statusCodes, goodputPerSecond, goodputEstimated, errorRate, cpu,
                unknownLines, rawOutput, serverThreadCount, serverLatencyMs, generators);
    }

    /** Same result with the server's own latency over the measured window; null when it was not read. */
    public WrkResult withServerLatency(ServerLatencyMs serverLatency) {
        return new WrkResult(schemaVersion, url, threads, connections, durationSeconds, requests, bytesRead,
                requestsPerSecond, transferBytesPerSecond, latencyMs, requestsPerSecondPerThread, socketErrors,
                non2xx3xxResponses, statusCodes, goodputPerSecond, goodputEstimated, errorRate, cpu,
                unknownLines, rawOutput, serverThreads, serverLatency, generators);
    }

    /** Same result, with the figures of the generators it was merged from. */
    public WrkResult withGenerators(List<GeneratorRun> runs) {
        return new WrkResult(schemaVersion, url, threads, connections, durationSeconds, requests, bytesRead,
                requestsPerSecond, transferBytesPerSecond, latencyMs, requestsPerSecondPerThread, socketErrors,
                non2xx3xxResponses, statusCodes, goodputPerSecond, goodputEstimated, errorRate, cpu,
                unknownLines, rawOutput, serverThreads, serverLatencyMs, runs);
    }

    /**
     * Latency in milliseconds. Each field is null where wrk printed -nan or nothing.
     * p99_9, p99_99 and max from the Lua script are more precise than the Thread Stats row.
     */
    @JsonPropertyOrder({"avg", "stdev", "max", "withinStdevPercent", "p50", "p75", "p90", "p99", "p99_9", "p99_99"})
    public record LatencyMs(Double avg, Double stdev, Double max, Double withinStdevPercent,
                            Double p50, Double p75, Double p90, Double p99, Double p99_9, Double p99_99) {
    }

    /** wrk's per-thread Req/Sec row: requests per second per wrk thread. */
    @JsonPropertyOrder({"avg", "stdev", "max", "withinStdevPercent"})
    public record ThreadRate(Double avg, Double stdev, Double max, Double withinStdevPercent) {
    }

    /** wrk's Socket errors line; every count is zero when wrk printed no such line. */
    @JsonPropertyOrder({"connect", "read", "write", "timeout"})
    public record SocketErrors(long connect, long read, long write, long timeout) {
        public static final SocketErrors NONE = new SocketErrors(0, 0, 0, 0);

        public long total() {
            return connect + read + write + timeout;
        }
    }

    /**
     * CPU used during the measured window, in cores (1.0 = one core fully busy), from /proc/PID/stat
     * utime+stime deltas of each process and its threads.
     *
     * @param serverCores     the target server process
     * @param wrkCores        the wrk process
     * @param loadctlCores    loadctl's own JVM
     * @param wrkThreads      wrk's -t: wrk can use at most this many cores
     * @param machineCores    cores on the machine
     * @param wrkSaturated    wrk used (almost) all it can: throughput is a lower bound
     * @param serverHost      the server host the server ran on ({@code --server-host}), its serverCores read there;
     *                        left out when it ran on this machine
     */
    @JsonPropertyOrder({"serverCores", "wrkCores", "loadctlCores", "wrkThreads", "machineCores", "wrkSaturated",
            "serverHost"})
    public record CpuUsage(Double serverCores, double wrkCores, double loadctlCores, int wrkThreads,
                           int machineCores, boolean wrkSaturated,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String serverHost) {

        /** With the server on this machine. */
        public CpuUsage(Double serverCores, double wrkCores, double loadctlCores, int wrkThreads, int machineCores,
                        boolean wrkSaturated) {
            this(serverCores, wrkCores, loadctlCores, wrkThreads, machineCores, wrkSaturated, null);
        }

        /** The same figures, the server's read on {@code host}. */
        public CpuUsage onServerHost(String host) {
            return new CpuUsage(serverCores, wrkCores, loadctlCores, wrkThreads, machineCores, wrkSaturated, host);
        }

        /**
         * The server and wrk together filled this machine ({@link Rules#isMachineCpuFull}); never when the server
         * ran on a server host, where they did not share it.
         */
        public boolean machineFull(Double meanServerCores, Double meanWrkCores) {
            return serverHost == null && Rules.isMachineCpuFull(meanServerCores, meanWrkCores, machineCores);
        }
    }

    /**
     * The server's own latency (request arrival to response sent) over the measured window, in milliseconds.
     * The client's latency minus this is time spent outside the handler: waiting in queues (accept backlog,
     * a connection's turn) and in the load generator.
     *
     * @param requests responses the server finished in the window
     */
    @JsonPropertyOrder({"p50", "p99", "max", "requests"})
    public record ServerLatencyMs(Double p50, Double p99, Double max, long requests) {
    }
}
