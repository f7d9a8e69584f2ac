package dev.loadctl.report;

import dev.loadctl.result.Statistics;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.WrkRunBuilder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.loadctl.wrk.Fixtures.wrkOutput;

/**
 * Results for report tests. The wrk runs are the real outputs in src/test/resources/wrk/, their numbers
 * copied by hand (each raw output travels with its record, so a reader can check every figure) and goodput
 * and error rate computed from them as the parser does ({@link WrkRunBuilder}); sweeps are assembled from
 * them the way the sweep engine does, statistics included.
 */
final class Fixtures {

    static final double KB = 1024;
    static final double MB = 1024 * 1024;

    private Fixtures() {
    }

    /** The origin: wrk -t1 -c20000 -d30s against uvicorn; every response a non-2xx, 49,405 timeouts. */
    static WrkResult seedOneThread() {
        return recorded("seed-one-thread.txt", "http://localhost:8000/ping/", 1, 20000, 30.05)
                .requests(53179).requestsPerSecond(1769.57).read(7.81 * MB, 266.13 * KB)
                .latency(new WrkResult.LatencyMs(768.96, 291.34, 1210.0, 66.98, null, null, null, null, null, null))
                .perThread(new WrkResult.ThreadRate(4130.0, 1180.0, 4950.0, 88.80))
                .socketErrors(new WrkResult.SocketErrors(0, 0, 0, 49405)).non2xx3xx(53179).build();
    }

    /** The origin with -t4: 8,096 "requests/s", every one of them an error, 99,112 timeouts. */
    static WrkResult seedFourThreads() {
        return recorded("seed-four-threads.txt", "http://localhost:8000/ping/", 4, 20000, 30.11)
                .requests(243731).requestsPerSecond(8095.93).read(35.85 * MB, 1.19 * MB)
                .latency(new WrkResult.LatencyMs(1730.0, 371.38, 2000.0, 89.21, null, null, null, null, null, null))
                .perThread(new WrkResult.ThreadRate(2930.0, 2330.0, 11660.0, 68.78))
                .socketErrors(new WrkResult.SocketErrors(0, 0, 0, 99112)).non2xx3xx(243731).build();
    }

    /** A fast endpoint, -t2 -c100 --latency: 117k req/s, p99 4.44 ms, no errors. */
    static WrkResult fastLatency() {
        return recorded("fast-latency.txt", "http://127.0.0.1:8100/fast/", 2, 100, 5.01)
                .requests(586940).requestsPerSecond(117232.88).read(83.40 * MB, 16.66 * MB)
                .latency(new WrkResult.LatencyMs(0.89, 1.07, 8.69, 87.44, 0.414, 1.06, 2.50, 4.44, null, null))
                .perThread(new WrkResult.ThreadRate(58950.0, 11690.0, 77500.0, 71.00)).build();
    }

    /** Every response a 404: wrk's Requests/sec is 83,928 and goodput is 0. */
    static WrkResult notFound() {
        return recorded("notfound.txt", "http://127.0.0.1:8100/nope/", 2, 200, 4.10)
                .requests(344331).requestsPerSecond(83927.90).read(101.14 * MB, 24.65 * MB)
                .latency(new WrkResult.LatencyMs(2.37, 0.35705, 9.79, 89.37, null, null, null, null, null, null))
                .perThread(new WrkResult.ThreadRate(42200.0, 3620.0, 47760.0, 60.98)).non2xx3xx(344331).build();
    }

    /** A real output's run, its figures set by hand and its raw output the file's. */
    private static WrkRunBuilder recorded(String fixture, String url, int threads, int connections, double seconds) {
        return WrkRunBuilder.run(url, threads, connections, seconds).rawOutput(wrkOutput(fixture));
    }

    /**
     * A synthetic run of the bundled 200 ms server as the sweep would record it with loadctl's Lua script
     * (status codes) and CPU sampling. Used where no real output has the shape a test needs (several
     * thread counts, iterations, a saturated wrk).
     */
    static WrkResult synthetic(int threads, int connections, double seconds, long ok2xx, long status5xx,
                               long timeouts, double p50, double p90, double p99, double max, double serverCores,
                               double wrkCores, boolean saturated) {
        long requests = ok2xx + status5xx;
        Map<String, Long> codes = status5xx == 0 ? Map.of("200", ok2xx) : Map.of("200", ok2xx, "503", status5xx);
        return WrkRunBuilder.run("http://127.0.0.1:41234/ping/", threads, connections, seconds).requests(requests)
                .read(requests * 150.0, requests * 150.0 / seconds)
                .latency(new WrkResult.LatencyMs((p50 + p90) / 2, 5.0, max, 80.0, p50, (p50 + p90) / 2, p90, p99, max,
                        max))
                .perThread(new WrkResult.ThreadRate(requests / seconds / threads, 10.0,
                        requests / seconds / threads * 1.2, 70.0))
                .socketErrors(new WrkResult.SocketErrors(0, 0, 0, timeouts)).non2xx3xx(status5xx).statusCodes(codes)
                .cpu(new WrkResult.CpuUsage(serverCores, wrkCores, 0.05, threads, 2, saturated))
                .rawOutput("(synthetic run for a report test)").build();
    }

    static SweepResult.SweepParameters parameters(List<Integer> threads, int connections, double seconds,
                                                  int iterations, double targetRps, double slaP99Ms, double delayMs) {
        return new SweepResult.SweepParameters(threads, connections, seconds, 1, iterations, null, targetRps,
                slaP99Ms, delayMs, 2, "bundled", "http://127.0.0.1:41234/ping/", true);
    }

    /** A point with the statistics the sweep engine saves (Student-t over the iterations). */
    static SweepResult.Point point(int threads, SweepResult.SweepParameters parameters, List<String> warnings,
                                   WrkResult... iterations) {
        List<WrkResult> runs = List.of(iterations);
        SweepResult.PointStats stats = new SweepResult.PointStats(
                estimate(runs, WrkResult::goodputPerSecond), estimate(runs, WrkResult::requestsPerSecond),
                estimate(runs, run -> run.latencyMs().p50()), estimate(runs, run -> run.latencyMs().p99()),
                estimate(runs, run -> run.latencyMs().max()), estimate(runs, WrkResult::errorRate),
                estimate(runs, run -> run.cpu() == null ? null : run.cpu().serverCores()),
                estimate(runs, run -> run.cpu() == null ? null : run.cpu().wrkCores()),
                runs.stream().anyMatch(run -> run.cpu() != null && run.cpu().wrkSaturated()));
        double ceiling = parameters.littlesLawCeilingPerSecond();
        Double goodput = stats.goodputPerSecond().mean();
        return new SweepResult.Point(threads, iterations[0].threads(), stats, ceiling,
                goodput == null ? 0 : goodput / ceiling, warnings, runs, null);
    }

    private static SweepResult.Estimate estimate(List<WrkResult> runs, Function<WrkResult, Double> value) {
        return Statistics.estimate(runs.stream().map(value).toList());
    }

    static SweepResult.Environment environment() {
        return new SweepResult.Environment("Linux", "6.1.0-28-amd64", "Intel(R) Xeon(R) CPU @ 2.20GHz", 2,
                "17.0.15", "wrk 4.1.0 [epoll]", "0.1.0", 1024L, 20000L, 4096, 1024, "32768 60999", "loadhost");
    }

    static SweepResult sweep(String profile, boolean complete, String stopReason,
                             SweepResult.SweepParameters parameters, List<SweepResult.Point> points) {
        return new SweepResult(SweepResult.SCHEMA_VERSION, "0.1.0", profile, "2025-06-01T10:00:00Z",
                complete ? "2025-06-01T10:02:00Z" : null, complete, stopReason, parameters, environment(),
                List.of(new SweepResult.PreflightCheck("open files", "warn", "soft limit 1024 < 20,002 needed",
                        "ulimit -n 20000")), points);
    }

    /**
     * A four-point sweep of the bundled server shaped like a real one: goodput grows with threads and
     * bends (USL-like), three iterations per point (error bars), p99 within the SLA from 4 threads, wrk
     * saturated at 8 threads.
     */
    static SweepResult scalingSweep() {
        SweepResult.SweepParameters p = parameters(List.of(1, 2, 4, 8), 20000, 10, 3, 20000, 250, 200);
        return sweep("default", true, null, p, List.of(
                point(1, p, List.of(),
                        synthetic(1, 20000, 10, 59_000, 1_000, 300, 201, 230, 480, 900, 0.9, 0.3, false),
                        synthetic(1, 20000, 10, 60_000, 950, 280, 201, 229, 475, 890, 0.9, 0.3, false),
                        synthetic(1, 20000, 10, 61_000, 900, 250, 201, 228, 470, 880, 0.9, 0.3, false)),
                point(2, p, List.of(),
                        synthetic(2, 20000, 10, 113_000, 0, 0, 201, 212, 260, 400, 1.2, 0.5, false),
                        synthetic(2, 20000, 10, 114_000, 0, 0, 201, 212, 258, 395, 1.2, 0.5, false),
                        synthetic(2, 20000, 10, 115_000, 0, 0, 201, 211, 255, 390, 1.2, 0.5, false)),
                point(4, p, List.of(),
                        synthetic(4, 20000, 10, 203_000, 0, 0, 201, 205, 231, 300, 1.3, 0.6, false),
                        synthetic(4, 20000, 10, 204_500, 0, 0, 201, 205, 232, 305, 1.3, 0.6, false),
                        synthetic(4, 20000, 10, 206_000, 0, 0, 201, 206, 233, 310, 1.3, 0.6, false)),
                point(8, p, List.of("load generator saturated: throughput is a lower bound"),
                        synthetic(8, 20000, 10, 325_000, 0, 0, 202, 207, 236, 320, 1.0, 1.95, true),
                        synthetic(8, 20000, 10, 328_000, 0, 0, 202, 207, 237, 325, 1.0, 1.95, true),
                        synthetic(8, 20000, 10, 331_000, 0, 0, 202, 207, 238, 330, 1.0, 1.96, true))));
    }

    /**
     * 20,000 connections for 30 s against the bundled server on two cores: goodput well over the 20,000/s
     * target at every thread count, p99 628-1,028 ms against the 250 ms SLA, no errors, the machine's CPU
     * full. The server serves a third to a half of what the connections offer (100,000/s): the rest queues.
     */
    static SweepResult overloadedSweep() {
        SweepResult.SweepParameters p = parameters(List.of(1, 2, 4, 8), 20000, 30, 1, 20000, 250, 200);
        return sweep("default", true, null, p, List.of(
                point(1, p, List.of(), synthetic(1, 20000, 30, 930_000, 0, 0, 600, 900, 1028, 1400, 1.4, 0.5, false)),
                point(2, p, List.of(), synthetic(2, 20000, 30, 1_200_000, 0, 0, 480, 700, 850, 1200, 1.4, 0.5, false)),
                point(4, p, List.of(), synthetic(4, 20000, 30, 1_401_000, 0, 0, 420, 560, 628, 900, 1.4, 0.5, false)),
                point(8, p, List.of(), synthetic(8, 20000, 30, 1_350_000, 0, 0, 440, 600, 700, 950, 1.4, 0.5, false))));
    }

    /**
     * The bundled server with its own latency recorded: at 1 thread the client's p99 is far above the server's
     * (the requests wait for their turn, not in the handler); at 8 threads the two are close.
     */
    static SweepResult serverLatencySweep() {
        SweepResult.SweepParameters p = parameters(List.of(1, 8), 20000, 30, 1, 20000, 250, 200);
        return sweep("default", true, null, p, List.of(
                point(1, p, List.of(), synthetic(1, 20000, 30, 930_000, 0, 0, 600, 900, 1028, 1400, 1.4, 0.5, false)
                        .withServerLatency(new WrkResult.ServerLatencyMs(200.4, 204.0, 260.0, 930_020))),
                point(8, p, List.of(), synthetic(8, 20000, 30, 2_940_000, 0, 0, 200.5, 201.4, 205, 240, 1.5, 0.5, false)
                        .withServerLatency(new WrkResult.ServerLatencyMs(200.3, 202.5, 230.0, 2_940_150)))));
    }

    /**
     * The quick profile as it was before it had its own target: 1,000 connections for 10 s, which cap any
     * server at 5,000/s, judged against 20,000/s. Every point is within the SLA at the ceiling.
     */
    static SweepResult smallSweep() {
        SweepResult.SweepParameters p = parameters(List.of(1, 2, 4, 8), 1000, 10, 1, 20000, 250, 200);
        return sweep("quick", true, null, p, List.of(
                point(1, p, List.of(), synthetic(1, 1000, 10, 49_900, 0, 0, 200.5, 201.5, 204, 230, 0.4, 0.2, false)),
                point(2, p, List.of(), synthetic(2, 1000, 10, 49_950, 0, 0, 200.4, 201.2, 203, 220, 0.4, 0.2, false)),
                point(4, p, List.of(), synthetic(4, 1000, 10, 49_950, 0, 0, 200.4, 201.2, 203, 221, 0.5, 0.2, false)),
                point(8, p, List.of(), synthetic(8, 1000, 10, 49_900, 0, 0, 200.5, 201.4, 205, 240, 0.5, 0.2, false))));
    }

    /**
     * Six thread counts, every point within the SLA and without errors, goodput on the Universal Scalability
     * Law's curve for lambda 6,000/s, sigma 0.05, kappa 0.002 to within 1%: a sweep the model describes.
     */
    static SweepResult withinSlaSweep() {
        SweepResult.SweepParameters p = parameters(List.of(1, 2, 3, 4, 6, 8), 20000, 10, 1, 20000, 250, 200);
        int[] threads = {1, 2, 3, 4, 6, 8};
        double[] wobble = {1.004, 0.995, 1.003, 0.998, 1.006, 0.996};
        List<SweepResult.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < threads.length; i++) {
            int n = threads[i];
            long ok = Math.round(10 * wobble[i] * 6000 * n / (1 + 0.05 * (n - 1) + 0.002 * n * (n - 1)));
            points.add(point(n, p, List.of(), synthetic(n, 20000, 10, ok, 0, 0, 201, 210, 220 + n, 260, 0.6, 0.3,
                    false)));
        }
        return sweep("default", true, null, p, points);
    }

    static LoadedSweep loaded(SweepResult sweep, String source) {
        return new LoadedSweep(sweep, source, SweepReport.KIND_SWEEP, SweepReport.SERVER_THREADS, Path.of("target"),
                List.of());
    }

    /** The origin's two runs as {@code loadctl report seed-one-thread.json seed-four-threads.json} reads them. */
    static LoadedSweep origin(Overrides overrides) {
        return ReportInputs.assemble(List.of(Path.of("seed-one-thread.json"), Path.of("seed-four-threads.json")),
                List.of(seedOneThread(), seedFourThreads()), overrides);
    }
}
