package dev.loadctl.report;

import dev.loadctl.engine.CapacityPlan;
import dev.loadctl.engine.Plan.Done;
import dev.loadctl.engine.PointSummary;
import dev.loadctl.engine.Probe;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.CapacitySetup.ConnectionLimit;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.WrkRunBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;

/**
 * Capacity results for report tests, made the way the engine makes them: the real plan chooses every probe,
 * and a made-up server answers it (a closed loop against a server with a given most goodput per thread count,
 * whose latency grows as requests queue once it is full).
 */
final class CapacityFixtures {

    private CapacityFixtures() {
    }

    /** What the made-up server measures at some threads and connections. */
    interface Server {
        Measured at(int threads, int connections);
    }

    record Measured(double goodput, double p50, double p99, double errorRate, double serverCores, double wrkCores) {
    }

    /** Serves at most {@code most.applyAsDouble(threads)}/s; p99 passes 250 ms about 19% beyond filling it. */
    static Server saturating(IntToDoubleFunction most) {
        return (threads, connections) -> {
            double limit = most.applyAsDouble(threads);
            double goodput = Math.min(connections / 0.2, limit);
            double wait = Math.max(0, connections / limit - 0.2) * 1000;
            return new Measured(goodput, 200 + wait, 205 + wait * 1.2, 0, Math.min(threads, 2) * 0.5, 0.3);
        };
    }

    /** The search run to its end (or to {@code stopAfter} probes, then interrupted), as a saved result. */
    static SweepResult search(List<Integer> threads, double target, ConnectionLimit limit, Server server,
                              int stopAfter) {
        SweepSettings options = SweepSettings.resolve(Optional.empty(),
                SweepValues.NONE.withThreads(threads).withTargetRps(target), Path.of("/nonexistent"));
        int start = (int) Math.min(limit.connections(), Math.ceil(target * 0.2 * 1.1 - 1e-9));
        CapacityPlan plan = new CapacityPlan(options, new CapacitySetup(start, 1.1, 1.4, 0.05, 0.001, 3, 1, 15.0,
                5, 3, limit));
        List<Done> done = new ArrayList<>();
        for (Optional<Probe> next = plan.next(done); next.isPresent() && done.size() < stopAfter;
             next = plan.next(done)) {
            Probe probe = next.get();
            Measured m = server.at(probe.threads(), probe.load().connections());
            done.add(new Done(probe, plan.recorded(probe, point(plan, probe, m), List.copyOf(done)), null));
        }
        boolean complete = plan.next(done).isEmpty();
        return new SweepResult(SweepResult.SCHEMA_VERSION, SweepResult.KIND_CAPACITY, "test", "default",
                "2026-01-01T00:00:00Z", "2026-01-01T00:04:00Z", complete,
                complete ? null : "interrupted by a signal (Ctrl-C or SIGTERM)", plan.parameters(), null, null,
                List.of(), done.stream().map(Done::point).toList(), List.of(), plan.capacity());
    }

    static SweepResult search(List<Integer> threads, double target, Server server) {
        return search(threads, target, new ConnectionLimit(19_989, ConnectionLimit.OPEN_FILES,
                "the open-files limit: hard 20,000, less wrk -t8's own 11 files"), server, Integer.MAX_VALUE);
    }

    static LoadedSweep loaded(SweepResult result) {
        return new LoadedSweep(result, "reports/test-capacity", SweepResult.KIND_CAPACITY, SweepReport.SERVER_THREADS,
                Path.of("/nonexistent"), List.of());
    }

    private static Point point(CapacityPlan plan, Probe probe, Measured m) {
        List<WrkResult> runs = new ArrayList<>();
        for (int i = 0; i < probe.load().iterations(); i++) {
            double goodput = m.goodput() * (1 + 0.003 * i);
            long ok = (long) Math.ceil(goodput * 3);
            long failed = Math.round(ok * m.errorRate() / (1 - m.errorRate()));
            runs.add(WrkRunBuilder.run(probe.load().url(), probe.load().wrkThreads(), probe.load().connections(), 3)
                    .requests(ok + failed).non2xx3xx(failed)
                    .statusCodes(failed == 0 ? Map.of("200", ok) : Map.of("200", ok, "500", failed))
                    .latency(new WrkResult.LatencyMs(null, null, null, null, m.p50(), null, null,
                            m.p99() * (1 + 0.003 * i), null, null))
                    .goodput(goodput, m.errorRate())
                    .cpu(new WrkResult.CpuUsage(m.serverCores(), m.wrkCores(), 0.01, probe.load().wrkThreads(), 2,
                            false))
                    .rawOutput("Running 3s test @ " + probe.load().url()).serverThreads(probe.threads()).build());
        }
        return PointSummary.of(null, probe.load().connections(), probe.threads(), probe.load().wrkThreads(), runs,
                plan.parameters(), null);
    }
}
