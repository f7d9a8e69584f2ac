package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.TargetLauncher;
import dev.loadctl.launch.TargetSpec;
import dev.loadctl.preflight.FakeProc;
import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.TestHttpServer;
import dev.loadctl.wrk.WrkOutputParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine on its own: a fake load generator (real wrk output, no wrk), a fake /proc, and a target that is a
 * real process ({@code sleep}) whose readiness a local HTTP server answers. What it checks is the engine's
 * contract: probes in plan order, warm-up unrecorded, the result rewritten after each point, failures
 * recorded where the plan goes on, and an adaptive plan choosing from what was measured.
 */
class EngineTest {

    private static final String OUTPUT = """
            Running 2s test @ http://127.0.0.1:8000/ping/
              1 threads and 10 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   201.00ms    1.00ms 210.00ms   90.00%
                Req/Sec    49.00      2.00    52.00     80.00%
              Latency Distribution
                 50%  201.00ms
                 75%  202.00ms
                 90%  203.00ms
                 99%  205.00ms
              100 requests in 2.00s, 10.00KB read
            Requests/sec:     50.00
            Transfer/sec:      5.00KB
            """;

    @TempDir
    Path tmp;
    private TestHttpServer ready;
    private FakeProc proc;
    private final List<String> events = new ArrayList<>();
    private Path resultFile;

    @BeforeEach
    void start() throws IOException {
        ready = TestHttpServer.answering(200);
        proc = FakeProc.likeThisMachine(tmp.resolve("root"));
    }

    @AfterEach
    void stop() {
        ready.close();
    }

    @Test
    void runsTheProbesInOrderAndRecordsEachPoint() {
        FakeGenerator generator = new FakeGenerator(0);
        FixedPlan plan = plan(SweepResult.KIND_BENCH, List.of(probe("a", 1, 10), probe("b", 2, 20)), true);

        Engine.Outcome outcome = new Engine(plan, generator, listener(), proc.procFs(), () -> "wrk 4.1.0").run();

        SweepResult saved = ResultStore.readSweep(outcome.resultFile());
        assertThat(saved).isEqualTo(outcome.result());
        assertThat(saved.complete()).isTrue();
        assertThat(saved.kind()).isEqualTo("bench");
        assertThat(saved.points()).extracting(Point::target, Point::connections, Point::threads)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 10, 1),
                        org.assertj.core.groups.Tuple.tuple("b", 20, 2));
        assertThat(saved.points().get(1).littlesLawCeilingPerSecond()).as("the point's own connections / delay")
                .isEqualTo(100.0);
        assertThat(saved.points().get(0).iterations()).singleElement()
                .satisfies(run -> assertThat(run.serverThreads()).isEqualTo(1));
        // One warm-up and one measured run per probe, each with the probe's own load.
        assertThat(generator.loads).extracting(LoadShape::connections).containsExactly(10, 10, 20, 20);
        assertThat(events).containsExactly("started 2", "point 1 a -c10, 1 thread", "finished 1",
                "point 2 b -c20, 2 threads", "finished 2", "done true");
        assertThat(outcome.firstFailure()).isEqualTo(ExitCode.OK);
    }

    @Test
    void theLauncherReadiesItsStartsBeforeEachSpawnThatStartUpIsTimedFrom() {
        URI url = URI.create(ready.url("/ping/"));
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        TargetLauncher launcher = new TargetLauncher() {
            @Override
            public void prepare() {
                calls.add("prepare");
            }

            @Override
            public TargetSpec forThreads(int serverThreads) {
                calls.add("spawn " + serverThreads);
                return new TargetSpec(List.of("sleep", "60"), Map.of(), url, url, null);
            }

            @Override
            public String description() {
                return "sleep";
            }
        };
        LoadShape load = new LoadShape(url.toString(), 10, 1, Duration.ofSeconds(2), Duration.ofSeconds(1), 1,
                Duration.ofSeconds(2), false);
        List<Probe> probes = List.of(new Probe("a", launcher, 1, load, "127.0.0.1", freePort(), Duration.ofSeconds(10)),
                new Probe("a", launcher, 2, load, "127.0.0.1", freePort(), Duration.ofSeconds(10)));

        new Engine(plan(SweepResult.KIND_SWEEP, probes, false), new FakeGenerator(0), listener(), proc.procFs(),
                () -> "wrk 4.1.0").run();

        // The bundled server's prepare makes its class archive once and is then a no-op; the engine need not know.
        assertThat(calls).containsExactly("prepare", "spawn 1", "prepare", "spawn 2");
    }

    @Test
    void aFailedProbeIsRecordedWhenThePlanGoesOnAndEndsASweep() {
        FixedPlan bench = plan(SweepResult.KIND_BENCH, List.of(probe("a", 1, 10), probe("b", 1, 10)), true);
        Engine.Outcome outcome = new Engine(bench, new FakeGenerator(1), listener(), proc.procFs(),
                () -> "wrk 4.1.0").run();
        assertThat(outcome.result().failures()).singleElement().satisfies(failure -> {
            assertThat(failure.target()).isEqualTo("a");
            assertThat(failure.reason()).isEqualTo("wrk: unable to connect (fake)");
        });
        assertThat(outcome.result().points()).extracting(Point::target).containsExactly("b");
        assertThat(outcome.firstFailure()).isEqualTo(ExitCode.WRK_FAILED);

        FixedPlan sweep = plan(SweepResult.KIND_SWEEP, List.of(probe(null, 1, 10), probe(null, 2, 10)), false);
        Engine engine = new Engine(sweep, new FakeGenerator(1), listener(), proc.procFs(), () -> "wrk 4.1.0");
        assertThatThrownBy(engine::run).isInstanceOf(LoadctlException.class)
                .hasMessage("wrk: unable to connect (fake)");
        assertThat(events).contains("done false");
    }

    @Test
    void anAdaptivePlanChoosesItsNextProbeFromWhatWasMeasured() {
        FixedPlan fixed = plan(SweepResult.KIND_SWEEP, List.of(), false);
        Plan doubling = new Plan() {
            @Override public String kind() { return "sweep"; }
            @Override public String name() { return "doubling"; }
            @Override public Path outDir() { return fixed.outDir(); }
            @Override public SweepParameters parameters() { return fixed.parameters(); }
            @Override public PreflightRequest preflight() { return fixed.preflight(); }
            @Override public PlanOutline outline() { return fixed.outline(); }
            @Override public boolean goesOnAfterFailure() { return false; }

            @Override
            public Optional<Probe> next(List<Plan.Done> done) {
                int connections = done.isEmpty() ? 10 : done.get(done.size() - 1).point().connections() * 2;
                return connections > 40 ? Optional.empty() : Optional.of(probe(null, 1, connections));
            }
        };
        Engine.Outcome outcome = new Engine(doubling, new FakeGenerator(0), listener(), proc.procFs(),
                () -> "wrk 4.1.0").run();
        assertThat(outcome.result().points()).extracting(Point::connections).containsExactly(10, 20, 40);
    }

    /**
     * A plan that lets probes at one thread count share a server: the server starts once per thread count,
     * warms up for the plan's fresh-target warm-up in runs as long as a probe's, every probe warms up for its
     * own, and no server is left running when the plan ends.
     */
    @Test
    void probesThatShareATargetRunOnOneServerWarmedOnce() {
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        FixedPlan probes = plan(SweepResult.KIND_SWEEP, List.of(), true);
        List<Probe> asked = List.of(probe(null, 1, 10, starts), probe(null, 1, 20, starts),
                probe(null, 1, 40, starts), probe(null, 2, 10, starts));
        Plan sharing = new Plan() {
            @Override public String kind() { return SweepResult.KIND_SWEEP; }
            @Override public String name() { return "sharing"; }
            @Override public Path outDir() { return probes.outDir(); }
            @Override public SweepParameters parameters() { return probes.parameters(); }
            @Override public PreflightRequest preflight() { return probes.preflight(); }
            @Override public PlanOutline outline() { return probes.outline(); }
            @Override public boolean goesOnAfterFailure() { return true; }
            @Override public boolean sharesTarget(Probe previous, Probe next) {
                return previous.threads() == next.threads();
            }
            @Override public Duration freshTargetWarmup() { return Duration.ofSeconds(4); }

            @Override
            public Optional<Probe> next(List<Plan.Done> done) {
                return done.size() < asked.size() ? Optional.of(asked.get(done.size())) : Optional.empty();
            }
        };
        FakeGenerator generator = new FakeGenerator(0);

        Engine.Outcome outcome = new Engine(sharing, generator, listener(), proc.procFs(), () -> "wrk 4.1.0").run();

        assertThat(outcome.result().failures()).isEmpty();
        assertThat(outcome.result().points()).extracting(Point::connections).containsExactly(10, 20, 40, 10);
        assertThat(starts).as("servers started: one per thread count").hasValue(2);
        // A fresh server: the plan's 4 s as runs of the probe's 2 s, then the probe's own 1 s warm-up and run.
        assertThat(generator.durations).as("warm-ups and runs").containsExactly(
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(outcome.result().points().get(1).startUp()).as("the shared server's start-up")
                .isEqualTo(outcome.result().points().get(0).startUp());
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse("")).filter(c -> c.contains("sleep 61")))
                .as("servers left running").isEmpty();
    }

    /**
     * The server stopped but its port stays taken (here by the test itself; in life a child of the server that
     * kept the socket): the point was measured, so it is saved before the run stops on the port.
     */
    @Test
    void aPointIsSavedBeforeAPortThatStaysTakenStopsTheRun() throws IOException {
        List<SweepResult> finished = new ArrayList<>();
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            Probe first = probe(null, 1, 10);
            Probe onTakenPort = new Probe(first.target(), first.launcher(), first.threads(), first.load(),
                    first.host(), holder.getLocalPort(), first.readyTimeout());
            FixedPlan sweep = plan(SweepResult.KIND_SWEEP, List.of(onTakenPort, probe(null, 2, 10)), false);
            Engine engine = new Engine(sweep, new FakeGenerator(0), recording(finished), proc.procFs(),
                    () -> "wrk 4.1.0").portReleaseLimit(Duration.ofMillis(300));

            assertThatThrownBy(engine::run).isInstanceOf(LoadctlException.class)
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.TARGET_FAILED))
                    .hasMessageStartingWith("port " + holder.getLocalPort() + " is still in use")
                    .hasMessageEndingWith("; point 1 (1 thread) was saved");
        }
        assertThat(events).containsExactly("started 2", "point 1 1 thread", "finished 1", "done false");
        SweepResult saved = ResultStore.readSweep(resultFile);
        assertThat(saved).isEqualTo(finished.get(0));
        assertThat(saved.points()).extracting(Point::threads).containsExactly(1);
        assertThat(saved.complete()).isFalse();
        assertThat(saved.stopReason()).contains("is still in use");
    }

    /**
     * The second point cannot be written (result.json now leads to /dev/full, as a full disk answers): the run
     * stops with exit 3, says which point was lost and which are in the file, and what it reports as saved is
     * what the file holds.
     */
    @Test
    void aPointThatCannotBeWrittenIsNotCountedAsSaved() {
        List<SweepResult> finished = new ArrayList<>();
        FixedPlan sweep = plan(SweepResult.KIND_SWEEP, List.of(probe(null, 1, 10), probe(null, 2, 10)), false);
        EngineListener fillDiskAfterFirstPoint = new EngineListener() {
            private Path file;

            @Override
            public void started(PlanOutline outline, Path resultFile) {
                file = resultFile;
            }

            @Override
            public void pointFinished(int point, Point result) {
                try {
                    Files.delete(file);
                    Files.createSymbolicLink(file, Path.of("/dev/full"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void finished(SweepResult result, Path resultFile) {
                finished.add(result);
            }
        };
        Engine engine = new Engine(sweep, new FakeGenerator(0), fillDiskAfterFirstPoint, proc.procFs(),
                () -> "wrk 4.1.0");

        assertThatThrownBy(engine::run).isInstanceOf(LoadctlException.class)
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageStartingWith("point 2 (2 threads) was measured but could not be saved: cannot write ")
                .hasMessageEndingWith("; the file holds point 1 (1 thread)");
        assertThat(finished).singleElement().satisfies(shown -> {
            assertThat(shown.points()).as("only what was written").extracting(Point::threads).containsExactly(1);
            assertThat(shown.complete()).isFalse();
            assertThat(shown.stopReason()).startsWith("point 2 (2 threads) was measured but could not be saved");
        });
    }

    /** The events of {@link #listener()}, and each finished result with its file. */
    private EngineListener recording(List<SweepResult> finished) {
        EngineListener events = listener();
        return new EngineListener() {
            @Override
            public void started(PlanOutline outline, Path resultFile) {
                events.started(outline, resultFile);
                EngineTest.this.resultFile = resultFile;
            }

            @Override
            public void pointStarted(int point, Probe probe) {
                events.pointStarted(point, probe);
            }

            @Override
            public void pointFinished(int point, Point result) {
                events.pointFinished(point, result);
            }

            @Override
            public void finished(SweepResult result, Path resultFile) {
                events.finished(result, resultFile);
                finished.add(result);
            }
        };
    }

    private FixedPlan plan(String kind, List<Probe> probes, boolean goesOn) {
        SweepParameters parameters = new SweepParameters(List.of(1, 2), 20, 1, 1, 1, null, 100, 250, 200, 2,
                "fake", ready.url("/ping/"), false);
        PreflightRequest preflight = new PreflightRequest(20, List.of(1, 2), 1, "127.0.0.1", freePort(), List.of(),
                List.of());
        return new FixedPlan(kind, "engine-test", tmp.resolve("reports"), parameters, null, preflight, probes,
                goesOn);
    }

    /** A target that is a real process, ready as soon as the local HTTP server answers. */
    private Probe probe(String target, int threads, int connections) {
        return probe(target, threads, connections, null);
    }

    /** The same, counting its starts (as {@code sleep 61}, to tell it from the others) when asked to. */
    private Probe probe(String target, int threads, int connections,
                        java.util.concurrent.atomic.AtomicInteger starts) {
        URI url = URI.create(ready.url("/ping/"));
        TargetLauncher launcher = new TargetLauncher() {
            @Override
            public TargetSpec forThreads(int serverThreads) {
                if (starts == null) {
                    return new TargetSpec(List.of("sleep", "60"), Map.of(), url, url, null);
                }
                starts.incrementAndGet();
                return new TargetSpec(List.of("sleep", "61"), Map.of(), url, url, null);
            }

            @Override
            public String description() {
                return "sleep";
            }
        };
        LoadShape load = new LoadShape(url.toString(), connections, 1, Duration.ofSeconds(2),
                Duration.ofSeconds(1), 1, Duration.ofSeconds(2), false);
        return new Probe(target, launcher, threads, load, "127.0.0.1", freePort(), Duration.ofSeconds(10));
    }

    private EngineListener listener() {
        return new EngineListener() {
            @Override
            public void started(PlanOutline outline, Path resultFile) {
                events.add("started " + outline.points());
            }

            @Override
            public void pointStarted(int point, Probe probe) {
                events.add("point " + point + " " + probe.label());
            }

            @Override
            public void pointFinished(int point, Point result) {
                events.add("finished " + point);
            }

            @Override
            public void finished(SweepResult result, Path resultFile) {
                events.add("done " + result.complete());
            }
        };
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Real wrk output for every run; the given run number (1-based, warm-ups counted) fails as wrk would. */
    private static final class FakeGenerator implements LoadGenerator {
        final List<LoadShape> loads = new ArrayList<>();
        final List<Duration> durations = new ArrayList<>();
        private final int failingRun;

        FakeGenerator(int failingRun) {
            this.failingRun = failingRun;
        }

        @Override
        public WrkResult measure(LoadShape load, Duration duration) {
            loads.add(load);
            durations.add(duration);
            if (loads.size() == failingRun) {
                throw new LoadctlException(ExitCode.WRK_FAILED, "wrk: unable to connect (fake)");
            }
            return WrkOutputParser.parse(OUTPUT);
        }

        @Override
        public void stop() {
        }
    }
}
