package dev.loadctl.engine;

import dev.loadctl.engine.Plan.Done;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.CapacityProbe.Outcome;
import dev.loadctl.result.CapacityRules;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.CapacitySetup.ConnectionLimit;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.WrkRunBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The capacity search without servers: the plan's {@code next} over made-up results. A "server" here is a
 * function from thread count and connections to what wrk would have measured, so each case states the
 * behaviour it searches and checks the probes the plan chose, what it recorded on them and how it ended.
 */
class CapacityPlanTest {

    private static final double DELAY_S = 0.2;

    /** A closed loop against a server that serves at most {@code most}/s: p99 grows once the load exceeds it. */
    private static Server saturating(double most) {
        return (threads, connections) -> {
            double offered = connections / DELAY_S;
            double goodput = Math.min(offered, most);
            double wait = Math.max(0, connections / most - DELAY_S) * 1000;
            return new Measured(goodput, 200 + wait, 205 + wait * 1.2, 0, 0.9, 0.4, false);
        };
    }

    @Test
    void growsBisectsConfirmsTheFailureAndMeasuresTheCapacity() {
        // 24,000/s at most: 4,800 connections fill it, p99 passes 250 ms above 5,700 and the median queues
        // above 5,280. Equal goodput from 4,800 on: the capacity is the fewest connections that give it.
        CapacityPlan plan = plan(List.of(2), 20_000, limit(19_989));
        List<Done> done = run(plan, saturating(24_000));

        assertThat(connections(done)).containsExactly(4_400, 6_160, 5_206, 5_663, 5_906, 5_906, 5_206);
        assertThat(roles(done)).containsExactly("probe start", "probe grow", "probe bisect", "probe bisect",
                "probe bisect", "confirm confirm", "final final");
        CapacityProbe last = done.get(done.size() - 1).point().capacity();
        assertThat(last.passed()).isTrue();
        assertThat(last.outcome()).satisfies(outcome -> {
            assertThat(outcome.stop()).isEqualTo(Outcome.EDGE);
            assertThat(outcome.cause()).isEqualTo(CapacityRules.QUEUEING);
            assertThat(outcome.connections()).isEqualTo(5_906);
            assertThat(outcome.capacityConnections()).isEqualTo(5_206);
            assertThat(outcome.text()).contains("p99 260 ms over the 250 ms SLA",
                    "at 5,906 connections (confirmed: 2 runs, 6 s pooled), within 5% of 5,663 that passed");
        });
        assertThat(last.decision()).startsWith("done with 2 threads").endsWith("the search is over");
        // Each probe records the bracket it was chosen in and what came of it.
        CapacityProbe bisect = done.get(3).point().capacity();
        assertThat(bisect.passConnections()).isEqualTo(5_206);
        assertThat(bisect.failConnections()).isEqualTo(6_160);
        assertThat(bisect.decision()).isEqualTo("bisect 5,663 (pass) .. 6,160 (fail): 5,906 connections");
        assertThat(done.get(1).point().capacity().reasons()).extracting(CapacityRules.Finding::kind)
                .containsExactly(CapacityRules.LATENCY, CapacityRules.QUEUEING);
        // The final has the confirm iterations; probes one run each.
        assertThat(done.get(6).probe().load().iterations()).isEqualTo(3);
        assertThat(done.get(0).probe().load().iterations()).isEqualTo(1);
    }

    @Test
    void nextIsAFunctionOfTheProbesDone() {
        CapacityPlan plan = plan(List.of(1, 2), 20_000, limit(19_989));
        List<Done> done = run(plan, saturating(24_000));
        for (int i = 0; i <= done.size(); i++) {
            Optional<Probe> first = plan.next(done.subList(0, i));
            Optional<Probe> again = plan.next(new ArrayList<>(done.subList(0, i)));
            assertThat(again.map(probe -> probe.load().connections())).isEqualTo(first.map(p -> p.load().connections()));
            if (i < done.size()) {
                assertThat(first.orElseThrow().load().connections()).isEqualTo(done.get(i).probe().load().connections());
                assertThat(first.orElseThrow().threads()).isEqualTo(done.get(i).probe().threads());
            }
        }
        assertThat(plan.next(done)).isEmpty();
        assertThat(done).extracting(d -> d.probe().threads()).containsSubsequence(1, 2).endsWith(2);
    }

    @Test
    void aFirstFailureShrinksUntilAProbePassesThenBisects() {
        CapacityPlan plan = plan(List.of(1), 20_000, limit(19_989));
        List<Done> done = run(plan, saturating(12_000));

        assertThat(connections(done)).startsWith(4_400, 3_142, 2_244);
        assertThat(roles(done).subList(0, 3)).containsExactly("probe start", "probe shrink", "probe shrink");
        assertThat(roles(done)).contains("probe bisect").endsWith("confirm confirm", "final final");
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.EDGE);
        assertThat(outcome.capacityConnections()).isBetween(2_244, 2_850);
    }

    @Test
    void aSlowTailAtAnyLoadEndsWithoutACapacityWhenALighterLoadDoesNotHelp() {
        // Every 50th response takes 1 s: p99 is 1 s whatever the load, the median stays at the delay.
        CapacityPlan plan = plan(List.of(1, 2), 2_000, limit(19_989));
        List<Done> done = run(plan, (threads, connections) ->
                new Measured(connections / 0.216, 201, 1_000, 0, 0.2, 0.1, false));

        assertThat(connections(done)).containsExactly(440, 314, 224, 440, 314, 224);
        Outcome outcome = done.get(2).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.NO_PASS);
        assertThat(outcome.cause()).isEqualTo(CapacityRules.LATENCY);
        assertThat(outcome.capacityConnections()).isNull();
        assertThat(outcome.text()).isEqualTo("no load met the SLA, down to 224 connections: p99 1,000 ms over the"
                + " 250 ms SLA; lighter loads did not help (224 connections against 314 and 440)");
        assertThat(done.get(2).point().capacity().decision()).endsWith("; next: 2 threads");
    }

    @Test
    void aP99OverTheSlaByLessThanHalfAMillisecondSaysSoWithItsTenth() {
        CapacityPlan plan = plan(List.of(1), 2_000, limit(19_989));
        List<Done> done = run(plan, (threads, connections) ->
                new Measured(connections / 0.2 * 0.9, 201, 250.4, 0, 0.2, 0.1, false));

        assertThat(done.get(0).point().capacity().reasons()).extracting(CapacityRules.Finding::text)
                .containsExactly("p99 250.4 ms over the 250 ms SLA");
    }

    @Test
    void errorsAtEveryLoadEndWithoutACapacity() {
        CapacityPlan plan = plan(List.of(1), 2_000, limit(19_989));
        List<Done> done = run(plan, (threads, connections) ->
                new Measured(connections / 0.2 / 2, 200, 210, 0.5, 0.2, 0.1, false));

        assertThat(done).hasSize(3);
        Outcome outcome = done.get(2).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.NO_PASS);
        assertThat(outcome.cause()).isEqualTo(CapacityRules.ERRORS);
        assertThat(outcome.text()).contains("errors 50.00% over the 0.10% limit");
    }

    @Test
    void aLoadThatKeepsHelpingShrinksDownToOneConnectionPerWrkThread() {
        CapacityPlan plan = plan(List.of(2), 20, limit(19_989));
        // Each lighter load helps a third, and still fails: down to the last connection wrk can do without.
        List<Done> done = run(plan, (threads, connections) ->
                new Measured(connections / 0.3, 300, 260.0 + 100 * (connections - 2), 0, 0.2, 0.1, false));

        assertThat(connections(done)).containsExactly(5, 3, 2);
        Outcome outcome = done.get(2).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.NO_PASS);
        assertThat(outcome.text()).contains("down to 2 connections (one per wrk thread)");
    }

    @Test
    void theConnectionLimitStopsTheGrowthAndIsRecorded() {
        CapacityPlan plan = plan(List.of(2), 2_000, new ConnectionLimit(700, ConnectionLimit.MAX_CONNECTIONS,
                "--max-connections 700"));
        List<Done> done = run(plan, saturating(24_000));

        assertThat(connections(done)).containsExactly(440, 616, 700, 700);
        Outcome outcome = done.get(3).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.CONNECTION_LIMIT);
        assertThat(outcome.capacityConnections()).isEqualTo(700);
        assertThat(outcome.text()).contains("connection limit, 700 (--max-connections 700)");
    }

    @Test
    void sixteenProbesAtOneThreadCountEndItsSearchWithAFinalOfTheBestPass() {
        // A target of 20/s starts at 5 connections, and goodput grows with every step: the limit is 24 steps away.
        CapacityPlan plan = plan(List.of(1), 20, limit(19_989));
        List<Done> done = run(plan, (threads, connections) ->
                new Measured(connections / 0.2, 200, 230, 0, 0.5, 0.2, false));

        assertThat(roles(done)).hasSize(CapacitySearch.MAX_PROBES + 1).endsWith("final final");
        assertThat(roles(done).subList(0, CapacitySearch.MAX_PROBES)).allMatch(role -> role.startsWith("probe"));
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.PROBE_BUDGET);
        assertThat(outcome.capacityConnections()).isEqualTo(done.get(CapacitySearch.MAX_PROBES - 1).probe().load()
                .connections());
        assertThat(outcome.text()).isEqualTo("the search used its 16 probes at 1 thread before it closed in");
    }

    @Test
    void goodputThatStopsGrowingEndsTheGrowthAtThePlateau() {
        CapacityPlan plan = plan(List.of(1), 2_000, limit(19_989));
        // The SLA still holds (a generous made-up p99) but goodput is flat from 600 connections on.
        List<Done> done = run(plan, (threads, connections) ->
                new Measured(Math.min(connections / 0.2, 3_000), 200, 240, 0, 0.5, 0.2, false));

        assertThat(connections(done)).containsExactly(440, 616, 863, 616);
        Outcome outcome = done.get(3).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.PLATEAU);
        assertThat(outcome.text()).startsWith("goodput stopped growing: 3,000/s at 616 connections, 3,000/s (+0.0%)");
        assertThat(outcome.capacityConnections()).isEqualTo(616);
    }

    /** The server above, but its first probe at 616 connections fails with this p99, by noise. */
    private static List<Done> noisyAt616(CapacityPlan plan, double noisyP99Ms) {
        int[] seen616 = {0};
        return run(plan, (threads, connections) -> {
            if (connections == 616 && seen616[0]++ == 0) {
                return new Measured(3_000, 205, noisyP99Ms, 0, 0.5, 0.2, false);
            }
            return connections <= 700 ? new Measured(connections / 0.2, 200, 230, 0, 0.5, 0.2, false)
                    : new Measured(3_500, 260, 600, 0, 0.5, 0.2, false);
        });
    }

    @Test
    void aConfirmationThatPassesWhenPooledWasNoiseAndTheSearchGoesOnAbove() {
        CapacityPlan plan = plan(List.of(1), 2_000, limit(19_989));
        List<Done> done = noisyAt616(plan, 260);

        // 616 fails by 10 ms, then passes at 230 ms: pooled, the two runs' p99 is within the SLA. No third run.
        assertThat(connections(done)).containsExactly(440, 616, 521, 567, 591, 616, 863, 729, 670, 699, 729, 699);
        assertThat(roles(done).subList(5, 7)).containsExactly("confirm confirm", "probe grow");
        assertThat(done.get(5).point().capacity().decision())
                .isEqualTo("2 runs, 6 s pooled: p99 245 ms, within the SLA; grow to 863 connections");
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.EDGE);
        assertThat(outcome.capacityConnections()).isEqualTo(699);
    }

    @Test
    void aConfirmationThatPassesAloneStillFailsWhenThePooledRunsDo() {
        CapacityPlan plan = plan(List.of(1), 2_000, limit(19_989));
        List<Done> done = noisyAt616(plan, 400);

        // The confirmation's own 230 ms passes, but half the requests at 616 saw the 400 ms tail: confirmed.
        assertThat(connections(done)).containsExactly(440, 616, 521, 567, 591, 616, 591);
        CapacityProbe confirm = done.get(5).point().capacity();
        assertThat(confirm.passed()).as("its own judgment, as the report makes it").isTrue();
        assertThat(confirm.pooled()).satisfies(pooled -> {
            assertThat(pooled.runs()).isEqualTo(2);
            assertThat(pooled.seconds()).isEqualTo(6.0);
            assertThat(pooled.p99Ms()).isCloseTo(313.9, within(0.1));
            assertThat(pooled.passed()).isFalse();
        });
        assertThat(done.get(4).point().capacity().pooled()).as("a probe is judged alone").isNull();
        assertThat(confirm.decision()).isEqualTo("2 runs, 6 s pooled: p99 314 ms over the 250 ms SLA; measure the"
                + " capacity at 591 connections (stopped: edge)");
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.EDGE);
        assertThat(outcome.text()).startsWith("p99 314 ms over the 250 ms SLA at 616 connections (confirmed: 2 runs,"
                + " 6 s pooled)");
        assertThat(outcome.capacityConnections()).isEqualTo(591);
    }

    @Test
    void aFinalThatFailsMovesTheSearchBelowIt() {
        CapacityPlan plan = plan(List.of(1), 2_000, new ConnectionLimit(700, ConnectionLimit.MAX_CONNECTIONS,
                "--max-connections 700"));
        List<Done> done = run(plan, (threads, connections) -> new Measured(connections / 0.2, 200, 230, 0, 0.5, 0.2,
                false), (probe, measured) -> CapacityProbe.FINAL.equals(roleOf(probe)) && probe.load().connections() == 700
                ? new Measured(3_400, 240, 300, 0, 0.5, 0.2, false) : measured);

        // The final's failure counts as confirmed: no confirmation probe at 700 follows the bisection.
        assertThat(connections(done)).containsExactly(440, 616, 700, 700, 657, 678, 678);
        assertThat(roles(done)).containsExactly("probe start", "probe grow", "probe grow", "final final",
                "probe bisect", "probe bisect", "final final");
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.EDGE);
        assertThat(outcome.connections()).isEqualTo(700);
        assertThat(outcome.capacityConnections()).isEqualTo(678);
    }

    @Test
    void afterAFinalFailsWithNoPassBelowTheSearchShrinksFromItAndSaysNoLoadHeld() {
        // Only 440 passes, once: its final fails. Lighter loads fail alike, so two shrink steps end the search.
        CapacityPlan plan = plan(List.of(1), 2_000, limit(19_989));
        List<Done> done = run(plan, (threads, connections) -> connections == 440
                        ? new Measured(2_200, 205, 240, 0, 0.5, 0.2, false)
                        : new Measured(connections / 0.2, 205, 300, 0, 0.5, 0.2, false),
                (probe, measured) -> probe.load().iterations() > 1
                        ? new Measured(2_200, 205, 400, 0, 0.5, 0.2, false) : measured);

        assertThat(connections(done)).containsExactly(440, 616, 521, 479, 459, 459, 440, 314, 224, 160);
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.NO_PASS);
        assertThat(outcome.text()).startsWith("no load met the SLA when measured again, down to 160 connections")
                .endsWith("(160 connections against 224 and 314)");
    }

    @Test
    void finalsThatKeepFailingEndTheSearchUnconfirmed() {
        CapacityPlan plan = plan(List.of(1), 2_000, new ConnectionLimit(700, ConnectionLimit.MAX_CONNECTIONS, "x"));
        List<Done> done = run(plan, (threads, connections) -> new Measured(connections / 0.2, 200, 230, 0, 0.5, 0.2,
                false), (probe, measured) -> probe.load().iterations() > 1
                ? new Measured(3_000, 240, 300, 0, 0.5, 0.2, false) : measured);

        assertThat(roles(done)).filteredOn(role -> role.startsWith("final")).hasSize(3);
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.UNCONFIRMED);
        assertThat(outcome.capacityConnections()).isNull();
        assertThat(outcome.text()).startsWith("the final measurement failed 3 times where the probes had passed");
    }

    @Test
    void aSaturatedLoadGeneratorFailsAProbe() {
        CapacityPlan plan = plan(List.of(1), 2_000, new ConnectionLimit(600, ConnectionLimit.MAX_CONNECTIONS, "x"));
        List<Done> done = run(plan, (threads, connections) -> new Measured(connections / 0.2, 200, 230, 0, 0.5, 1.0,
                connections > 500));

        assertThat(done.get(1).point().capacity().reasons()).extracting(CapacityRules.Finding::kind)
                .contains(CapacityRules.WRK_SATURATED);
        Outcome outcome = done.get(done.size() - 1).point().capacity().outcome();
        assertThat(outcome.cause()).isEqualTo(CapacityRules.WRK_SATURATED);
    }

    @Test
    void aProbeThatCannotBeMeasuredEndsItsThreadCountAndThePlanGoesOn() {
        CapacityPlan plan = plan(List.of(1, 2), 2_000, limit(19_989));
        Probe first = plan.next(List.of()).orElseThrow();
        List<Done> done = List.of(new Done(first, null, "the target server exited with status 1"));
        Probe next = plan.next(done).orElseThrow();

        assertThat(plan.goesOnAfterFailure()).isTrue();
        assertThat(next.threads()).isEqualTo(2);
        assertThat(next.load().connections()).isEqualTo(440);
    }

    @Test
    void progressNamesTheBracketAndItsEstimateShrinksAsTheSearchGoes() {
        CapacityPlan plan = plan(List.of(1, 2), 20_000, limit(19_989));
        List<Done> done = run(plan, saturating(24_000));
        CapacityPlan.Progress start = plan.progress(List.of()).orElseThrow();
        CapacityPlan.Progress bisecting = plan.progress(done.subList(0, 3)).orElseThrow();

        assertThat(start.asking()).isEqualTo("start at 4,400 connections");
        assertThat(start.threadCountsLeft()).isEqualTo(1);
        assertThat(bisecting.asking()).isEqualTo("bisect 5,206 (pass) .. 6,160 (fail): 5,663 connections");
        assertThat(bisecting.pass()).isEqualTo(5_206);
        assertThat(bisecting.fail()).isEqualTo(6_160);
        assertThat(bisecting.estimatedLeft()).isLessThan(start.estimatedLeft());
        assertThat(plan.progress(done)).isEmpty();
        // Before the first probe, the time left is the outline's: the first line and the heading agree.
        assertThat(start.estimatedLeft()).isEqualTo(plan.outline().total());
        // It only falls, probe by probe, while the search goes the typical way.
        Duration previous = start.estimatedLeft();
        for (int i = 1; i < done.size(); i++) {
            Optional<CapacityPlan.Progress> now = plan.progress(done.subList(0, i));
            if (now.isPresent()) {
                assertThat(now.get().estimatedLeft()).as("after %d probes", i).isLessThan(previous);
                previous = now.get().estimatedLeft();
            }
        }
        // The outline before any probe: a typical search per thread count, within the 6-minute goal for 4 counts.
        assertThat(plan.outline().total().toSeconds()).isBetween(60L, 180L);
    }

    @Test
    void theEstimateStartsAndWarmsOneServerPerThreadCount() {
        CapacityPlan plan = plan(List.of(1, 2), 20_000, limit(19_989));
        PlanOutline outline = plan.outline();
        long perCount = outline.probes().stream().filter(probe -> probe.threads() == 1).count();
        // Per thread count: one start and stop, the 15 s warm-up, every probe's own 1 s warm-up and runs, and
        // the short gap between probes on the one server.
        Duration measured = outline.probes().stream().filter(probe -> probe.threads() == 1)
                .map(probe -> probe.load().warmup().plus(probe.load().duration()
                        .multipliedBy(probe.load().iterations()))).reduce(Duration.ZERO, Duration::plus);
        Duration oneCount = Engine.START_STOP_ESTIMATE.plus(Duration.ofSeconds(15)).plus(measured)
                .plus(PlanOutline.SHARED_TARGET_GAP.multipliedBy(perCount - 1));

        assertThat(outline.total()).isEqualTo(oneCount.multipliedBy(2));
        assertThat(outline.totalAfter(null)).isEqualTo(outline.total());
        assertThat(outline.totalAfter(outline.probes().get(0))).as("after a probe on its server: nothing to start")
                .isEqualTo(outline.total().minus(Engine.START_STOP_ESTIMATE).minus(Duration.ofSeconds(15))
                        .plus(PlanOutline.SHARED_TARGET_GAP));
    }

    @Test
    void bisectionsToTheResolution() {
        assertThat(CapacitySearch.bisections(1.4, 0.05)).isEqualTo(2);
        assertThat(CapacitySearch.bisections(1.04, 0.05)).isZero();
        assertThat(CapacitySearch.bisections(2, 0.05)).isEqualTo(3);
    }

    // ------------------------------------------------------------------------------------------ harness

    /** What a made-up wrk run measured. */
    record Measured(double goodput, double p50, double p99, double errorRate, double serverCores, double wrkCores,
                    boolean saturated) {
    }

    private interface Server {
        Measured at(int threads, int connections);
    }

    private static List<Done> run(CapacityPlan plan, Server server) {
        return run(plan, server, (probe, measured) -> measured);
    }

    /** Runs the plan to its end as the engine would: next, measure, record, done. */
    private static List<Done> run(CapacityPlan plan, Server server, BiFunction<Probe, Measured, Measured> twist) {
        List<Done> done = new ArrayList<>();
        for (Optional<Probe> next = plan.next(done); next.isPresent(); next = plan.next(done)) {
            Probe probe = next.get();
            assertThat(done.size()).as("a search that never ends").isLessThan(100);
            Measured measured = twist.apply(probe, server.at(probe.threads(), probe.load().connections()));
            Point point = plan.recorded(probe, point(plan, probe, measured), List.copyOf(done));
            done.add(new Done(probe, point, null));
        }
        return done;
    }

    private static String roleOf(Probe probe) {
        return probe.load().iterations() > 1 ? CapacityProbe.FINAL : CapacityProbe.PROBE;
    }

    private static Point point(CapacityPlan plan, Probe probe, Measured m) {
        List<WrkResult> runs = new ArrayList<>();
        for (int i = 0; i < probe.load().iterations(); i++) {
            double wobble = 1 + 0.002 * i;
            long ok = Math.round(m.goodput() * 3);
            runs.add(WrkRunBuilder.run(probe.load().url(), probe.load().wrkThreads(), probe.load().connections(), 3)
                    .requests(ok).requestsPerSecond(m.goodput()).statusCodes(Map.of("200", ok))
                    .latency(new WrkResult.LatencyMs(null, null, null, null, m.p50(), null, null, m.p99() * wobble,
                            null, null))
                    .goodput(m.goodput() * wobble, m.errorRate())
                    .cpu(new WrkResult.CpuUsage(m.serverCores(), m.wrkCores(), 0.01, probe.load().wrkThreads(), 2,
                            m.saturated()))
                    .serverThreads(probe.threads()).build());
        }
        return PointSummary.of(null, probe.load().connections(), probe.threads(), probe.load().wrkThreads(), runs,
                plan.parameters(), null);
    }

    private static CapacityPlan plan(List<Integer> threads, double target, ConnectionLimit limit) {
        SweepValues flags = SweepValues.NONE.withThreads(threads).withTargetRps(target);
        SweepSettings options = SweepSettings.resolve(Optional.empty(), flags, Path.of("/nonexistent"));
        int start = (int) Math.min(limit.connections(), Math.ceil(target * DELAY_S * 1.1 - 1e-9));
        return new CapacityPlan(options, new CapacitySetup(start, 1.1, 1.4, 0.05, 0.001, 3, 1, 15.0, 5, 3, limit));
    }

    private static ConnectionLimit limit(int connections) {
        return new ConnectionLimit(connections, ConnectionLimit.OPEN_FILES, "the open-files limit");
    }

    private static List<Integer> connections(List<Done> done) {
        return done.stream().map(d -> d.probe().load().connections()).toList();
    }

    private static List<String> roles(List<Done> done) {
        return done.stream().map(d -> d.point().capacity().role() + " " + d.point().capacity().step()).toList();
    }
}
