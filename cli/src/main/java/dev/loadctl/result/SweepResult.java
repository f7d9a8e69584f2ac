package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The whole of one run of the engine — a sweep or a bench — as {@code reports/<stamp>-<profile>/result.json}
 * holds it. It is rewritten atomically after every point, so {@code complete=false} with the finished points
 * is what a crash or Ctrl-C leaves behind. Documented in docs/result-schema.md.
 *
 * @param kind       {@link #KIND_SWEEP} or {@link #KIND_BENCH}; files of schema 1 are sweeps
 * @param stopReason null when complete; otherwise why the run stopped ("interrupted", an error line)
 * @param bench      a bench's targets, connection counts and goals; null for a sweep
 * @param failures   points that could not be measured and did not stop the run (a bench goes on past them)
 * @param capacity   a capacity search's settings and connection limit; null otherwise (absent in older files)
 */
@JsonPropertyOrder({"schemaVersion", "kind", "loadctlVersion", "profile", "startedAt", "finishedAt", "complete",
        "stopReason", "parameters", "bench", "capacity", "environment", "preflight", "points", "failures"})
public record SweepResult(
        int schemaVersion,
        String kind,
        String loadctlVersion,
        String profile,
        String startedAt,
        String finishedAt,
        boolean complete,
        String stopReason,
        SweepParameters parameters,
        BenchSetup bench,
        Environment environment,
        List<PreflightCheck> preflight,
        List<Point> points,
        List<PointFailure> failures,
        // Left out when null, so a sweep's or a bench's file reads as it did before capacity searches.
        @JsonInclude(JsonInclude.Include.NON_NULL) CapacitySetup capacity) {

    /** 2: kind, bench, failures, and each point's target and connections (capacity came later, optional). */
    public static final int SCHEMA_VERSION = 2;
    public static final List<Integer> READABLE_SCHEMA_VERSIONS = List.of(1, 2);
    public static final String KIND_SWEEP = "sweep";
    public static final String KIND_BENCH = "bench";
    public static final String KIND_CAPACITY = "capacity";

    public SweepResult {
        kind = kind == null ? KIND_SWEEP : kind;
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** A sweep's or a bench's result: no capacity search. */
    public SweepResult(int schemaVersion, String kind, String loadctlVersion, String profile, String startedAt,
                       String finishedAt, boolean complete, String stopReason, SweepParameters parameters,
                       BenchSetup bench, Environment environment, List<PreflightCheck> preflight, List<Point> points,
                       List<PointFailure> failures) {
        this(schemaVersion, kind, loadctlVersion, profile, startedAt, finishedAt, complete, stopReason, parameters,
                bench, environment, preflight, points, failures, null);
    }

    /** A sweep's result: one target, one connection count. */
    public SweepResult(int schemaVersion, String loadctlVersion, String profile, String startedAt, String finishedAt,
                       boolean complete, String stopReason, SweepParameters parameters, Environment environment,
                       List<PreflightCheck> preflight, List<Point> points) {
        this(schemaVersion, KIND_SWEEP, loadctlVersion, profile, startedAt, finishedAt, complete, stopReason,
                parameters, null, environment, preflight, points, List.of(), null);
    }

    @JsonIgnore
    public boolean isBench() {
        return KIND_BENCH.equals(kind);
    }

    @JsonIgnore
    public boolean isCapacity() {
        return KIND_CAPACITY.equals(kind);
    }

    /**
     * A point that was not measured: its target did not start, or wrk failed, and the run went on.
     *
     * @param target the bench target's name; null in a sweep
     */
    @JsonPropertyOrder({"target", "connections", "threads", "reason"})
    public record PointFailure(String target, int connections, int threads, String reason) {
    }

    /**
     * What was asked for. Units are in the names.
     *
     * @param threads       server thread counts, in sweep order
     * @param wrkThreads    wrk's -t; null means "match the server's thread count"
     * @param target        "bundled" or the profile's server command template, as written
     * @param url           what wrk loaded (host and port filled in)
     * @param lua           wrk ran with the bundled Lua script
     * @param stagger       each connection's first request was held a random time below the delay (the script's
     *                      staggered start): false with {@code --no-stagger} or without the script; null (absent
     *                      in files written before the switch) reads as {@code lua}, as those runs always did
     * @param overrides     the flags that changed what the profile asked for, flag name (no dashes) to value as
     *                      given ({@code connections: 500}), in {@link RunName#ordered} order; empty (and left
     *                      out of the file) when the profile ran as written
     */
    @JsonPropertyOrder({"threads", "connections", "durationSeconds", "warmupSeconds", "iterations", "wrkThreads",
            "targetRps", "slaP99Ms", "delayMs", "timeoutSeconds", "target", "url", "lua", "stagger", "overrides"})
    public record SweepParameters(List<Integer> threads, int connections, double durationSeconds,
                                  double warmupSeconds, int iterations, Integer wrkThreads, double targetRps,
                                  double slaP99Ms, double delayMs, double timeoutSeconds, String target,
                                  String url, boolean lua, Boolean stagger,
                                  @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> overrides) {

        public SweepParameters {
            stagger = stagger == null ? lua : stagger;
            overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(RunName.ordered(overrides));
        }

        /** Parameters of a run that changed nothing its profile asked for, staggered when the script ran. */
        public SweepParameters(List<Integer> threads, int connections, double durationSeconds, double warmupSeconds,
                               int iterations, Integer wrkThreads, double targetRps, double slaP99Ms, double delayMs,
                               double timeoutSeconds, String target, String url, boolean lua) {
            this(threads, connections, durationSeconds, warmupSeconds, iterations, wrkThreads, targetRps, slaP99Ms,
                    delayMs, timeoutSeconds, target, url, lua, lua, Map.of());
        }

        /** The same, with these overrides. */
        public SweepParameters withOverrides(Map<String, String> flags) {
            return new SweepParameters(threads, connections, durationSeconds, warmupSeconds, iterations, wrkThreads,
                    targetRps, slaP99Ms, delayMs, timeoutSeconds, target, url, lua, stagger, flags);
        }

        /** {@link Rules#littlesLawCeilingPerSecond} at these connections and delay. */
        public double littlesLawCeilingPerSecond() {
            return Rules.littlesLawCeilingPerSecond(connections, delayMs);
        }
    }

    /**
     * One server thread count (of one target at one connection count, in a bench).
     *
     * @param target                      the bench target's name; null in a sweep
     * @param connections                 wrk's -c for this point; null in files of schema 1 (the parameters' then)
     * @param iterations                  every measured wrk run, raw output included (warm-up excluded)
     * @param stats                       statistics over the iterations
     * @param littlesLawCeilingPerSecond  connections ÷ delay: the most any server could do here
     * @param efficiency                  mean goodput ÷ the ceiling, 0..1
     * @param warnings                    plain-language warnings for this point (saturated wrk, wide spread, ...)
     * @param startUp                     how long this point's server took to come up; null in files written
     *                                    before it was recorded
     * @param capacity                    in a capacity search, what the probe was for and what the search made
     *                                    of it; null otherwise
     */
    @JsonPropertyOrder({"target", "connections", "threads", "wrkThreads", "capacity", "stats",
            "littlesLawCeilingPerSecond", "efficiency", "startUp", "warnings", "iterations"})
    public record Point(String target, Integer connections, int threads, int wrkThreads, PointStats stats,
                        double littlesLawCeilingPerSecond, double efficiency, List<String> warnings,
                        List<WrkResult> iterations, StartUp startUp,
                        @JsonInclude(JsonInclude.Include.NON_NULL) CapacityProbe capacity) {

        /** A sweep's or a bench's point: no capacity search. */
        public Point(String target, Integer connections, int threads, int wrkThreads, PointStats stats,
                     double littlesLawCeilingPerSecond, double efficiency, List<String> warnings,
                     List<WrkResult> iterations, StartUp startUp) {
            this(target, connections, threads, wrkThreads, stats, littlesLawCeilingPerSecond, efficiency, warnings,
                    iterations, startUp, null);
        }

        /** The same point, with what a capacity search recorded about it. */
        public Point withCapacity(CapacityProbe probe) {
            return new Point(target, connections, threads, wrkThreads, stats, littlesLawCeilingPerSecond, efficiency,
                    warnings, iterations, startUp, probe);
        }

        /** The same point with other statistics (the report recomputes them from the iterations). */
        public Point withStats(PointStats recomputed) {
            return new Point(target, connections, threads, wrkThreads, recomputed, littlesLawCeilingPerSecond,
                    efficiency, warnings, iterations, startUp, capacity);
        }

        /** A sweep's point: its target and connections are the sweep's. */
        public Point(int threads, int wrkThreads, PointStats stats, double littlesLawCeilingPerSecond,
                     double efficiency, List<String> warnings, List<WrkResult> iterations, StartUp startUp) {
            this(null, null, threads, wrkThreads, stats, littlesLawCeilingPerSecond, efficiency, warnings,
                    iterations, startUp);
        }
    }

    /**
     * From spawning the server's process to its first answers, in milliseconds.
     *
     * @param readyMs     until the ready URL answered with any status (/health for the bundled server)
     * @param first2xxMs  until the load URL first answered 2xx, its handler delay included; null when no 2xx
     *                    came within 10 s of being ready
     * @param no2xxReason why first2xxMs is null; null otherwise
     */
    @JsonPropertyOrder({"readyMs", "first2xxMs", "no2xxReason"})
    public record StartUp(double readyMs, Double first2xxMs, String no2xxReason) {
    }

    /** Statistics of the measured iterations of one point. CPU figures are in cores (1.0 = one core). */
    @JsonPropertyOrder({"goodputPerSecond", "requestsPerSecond", "latencyP50Ms", "latencyP99Ms", "latencyMaxMs",
            "errorRate", "serverCores", "wrkCores", "wrkSaturated"})
    public record PointStats(Estimate goodputPerSecond, Estimate requestsPerSecond, Estimate latencyP50Ms,
                             Estimate latencyP99Ms, Estimate latencyMaxMs, Estimate errorRate,
                             Estimate serverCores, Estimate wrkCores, boolean wrkSaturated) {
    }

    /**
     * Mean ± error as JMH reports it: error is the half-width of the Student-t confidence interval at
     * {@code confidenceLevel}; null with fewer than two samples. Null fields mean "no sample had a value".
     */
    @JsonPropertyOrder({"n", "mean", "error", "confidenceLevel", "stdev", "min", "max", "wideSpread"})
    public record Estimate(int n, Double mean, Double error, double confidenceLevel, Double stdev, Double min,
                           Double max, boolean wideSpread) {
    }

    /** Where the sweep ran. Null where the value could not be read. */
    @JsonPropertyOrder({"os", "kernel", "cpuModel", "cpuCount", "java", "wrkVersion", "loadctlVersion",
            "openFilesSoft", "openFilesHard", "somaxconn", "tcpMaxSynBacklog", "ephemeralPortRange", "hostname"})
    public record Environment(String os, String kernel, String cpuModel, int cpuCount, String java,
                              String wrkVersion, String loadctlVersion, Long openFilesSoft, Long openFilesHard,
                              Integer somaxconn, Integer tcpMaxSynBacklog, String ephemeralPortRange,
                              String hostname) {
    }

    /** One preflight check: status is "ok", "warn" or "fail"; fix is null when there is nothing to do. */
    @JsonPropertyOrder({"name", "status", "message", "fix"})
    public record PreflightCheck(String name, String status, String message, String fix) {
    }
}
