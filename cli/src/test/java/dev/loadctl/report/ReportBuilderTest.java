package dev.loadctl.report;

import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.report.SweepReport.PointVerdict;
import dev.loadctl.report.SweepReport.Reason;
import dev.loadctl.report.SweepReport.Reason.Kind;
import dev.loadctl.report.SweepReport.Verdict;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportBuilderTest {

    private static SweepReport single(LoadedSweep input, Overrides overrides) {
        return ReportBuilder.build(List.of(input), overrides).main();
    }

    private static SweepReport single(SweepResult sweep) {
        return single(Fixtures.loaded(sweep, "reports/test"), Overrides.NONE);
    }

    private static List<Kind> kinds(Verdict verdict) {
        return verdict.reasons().stream().map(Reason::kind).toList();
    }

    /** report.json's readers match on these names: an enum constant renamed must not change them. */
    @Test
    void reasonKindsKeepTheirJsonNames() throws Exception {
        assertThat(Arrays.stream(Kind.values()).map(Kind::json)).containsExactly("littles-law",
                "every-response-an-error", "errors", "latency", "queueing", "latency-unknown", "wrk-saturated", "machine-cpu-full", "too-slow",
                "incomplete", "no-points");
        for (Kind kind : Kind.values()) {
            String json = ResultStore.toJson(new Reason(kind, "why"));
            assertThat(json).contains("\"kind\" : \"" + kind.json() + "\"");
            assertThat(ResultStore.JSON.readValue(json, Reason.class).kind()).isEqualTo(kind);
        }
    }

    @Test
    void theOriginsTwoRunsAreNotReachedBecauseEveryResponseWasAnError() {
        SweepReport report = single(Fixtures.origin(Overrides.NONE), Overrides.NONE);

        Verdict verdict = report.verdict();
        assertThat(verdict.status()).isEqualTo("NOT REACHED");
        assertThat(verdict.reached()).isFalse();
        assertThat(kinds(verdict)).first().isEqualTo(Kind.EVERY_RESPONSE_AN_ERROR);
        assertThat(verdict.reasons().get(0).text()).isEqualTo("every response was an error at every thread count"
                + " measured (1 and 4 threads): 296,910 responses and not one timely 2xx (296,910 had status 400"
                + " or above; 148,517 requests timed out)");
        // 20,000 connections over 200 ms allow 100,000/s: Little's law is not what stopped the origin.
        assertThat(kinds(verdict)).doesNotContain(Kind.LITTLES_LAW, Kind.TOO_SLOW);
        assertThat(report.points()).extracting(PointRow::threads).containsExactly(1, 4);
        assertThat(report.points()).allMatch(PointRow::everyResponseAnError);
        assertThat(report.points().get(1).requestsPerSecond()).isEqualTo(8095.93);
        assertThat(report.points().get(1).goodputPerSecond()).isZero();
        assertThat(report.scalingModel().fitted()).isFalse();
        assertThat(report.scalingModel().reason()).startsWith("2 distinct thread counts were measured");
        assertThat(report.notes()).anyMatch(note -> note.contains("keyed by wrk's -t"))
                .anyMatch(note -> note.contains("loadctl's defaults apply: target 20,000/s"));
    }

    @Test
    void aFastRunMeetsTheTargetAndIsReached() {
        // /fast/ has no handler delay: tell the report so, or Little's law would cap 100 connections at 500/s.
        Overrides overrides = new Overrides(null, null, 0.5);
        LoadedSweep input = ReportInputs.assemble(List.of(Path.of("fast.json")), List.of(Fixtures.fastLatency()),
                overrides);
        SweepReport report = single(input, overrides);

        Verdict verdict = report.verdict();
        assertThat(verdict.reached()).isTrue();
        assertThat(verdict.threads()).isEqualTo(2);
        assertThat(verdict.headline()).isEqualTo("REACHED at 2 threads: goodput 117,154/s (target 20,000/s),"
                + " p99 4.44 ms (SLA 250 ms), errors 0%.");
        assertThat(verdict.reasons()).isEmpty();
        assertThat(report.points().get(0).efficiency()).isCloseTo(117153.69 / 200_000, within(1e-4));
    }

    @Test
    void all404sAreErrorsThoughWrkCountsThemAsRequests() {
        LoadedSweep input = ReportInputs.assemble(List.of(Path.of("notfound.json")), List.of(Fixtures.notFound()),
                new Overrides(null, null, 1.0));
        SweepReport report = single(input, Overrides.NONE);

        assertThat(report.verdict().reached()).isFalse();
        assertThat(report.verdict().reasons().get(0).text())
                .isEqualTo("every response was an error at 2 threads: 344,331 responses and not one timely 2xx"
                        + " (344,331 had status 400 or above)");
        assertThat(report.points().get(0).outcomes().statusOver399PerSecond()).isCloseTo(344331 / 4.10, within(0.01));
        assertThat(report.points().get(0).outcomes().timely2xxPerSecond()).isZero();
    }

    @Test
    void reachedAtTheFirstThreadCountThatMeetsEveryCondition() {
        SweepReport report = single(Fixtures.scalingSweep());

        // 2 threads: 11,400/s, too slow. 4 threads: 20,450/s with p99 232 ms and no errors.
        assertThat(report.verdict().reached()).isTrue();
        assertThat(report.verdict().threads()).isEqualTo(4);
        assertThat(report.points()).extracting(PointRow::meetsTarget).containsExactly(false, false, true, true);
        PointRow four = report.points().get(2);
        assertThat(four.goodputPerSecond()).isCloseTo(20450, within(0.01));
        assertThat(four.goodputErrorPerSecond()).isPositive();
        assertThat(four.statusClasses().status2xx()).isEqualTo(613_500);
        assertThat(report.points().get(3).wrkSaturated()).isTrue();
        assertThat(report.verdict().headline()).doesNotContain("saturated");
    }

    @Test
    void theScalingModelIsFittedToThePointsWithinTheSlaAndPredictsFromThem() {
        SweepReport report = single(Fixtures.withinSlaSweep());

        ScalingModel model = report.scalingModel();
        assertThat(model.fitted()).isTrue();
        assertThat(model.measuredThreads()).containsExactly(1, 2, 3, 4, 6, 8);
        assertThat(model.rSquared()).isGreaterThan(0.99);
        assertThat(model.predictPerSecond(model.threadsForTarget())).isGreaterThanOrEqualTo(20000);
        assertThat(model.predictPerSecond(model.threadsForTarget() - 1)).isLessThan(20000);
        assertThat(model.summary().get(0)).startsWith("Universal Scalability Law fitted to goodput at 1, 2, 3, 4, 6"
                + " and 8 threads (the points within the p99 SLA and the error limit): lambda = ");
    }

    @Test
    void pointsOverTheSlaAreNotFittedAndTooFewLeftPredictNothing() {
        // 1 thread: 2.01% errors; 2 threads: p99 258 ms: only 4 and 8 threads are within the SLA.
        ScalingModel model = single(Fixtures.scalingSweep()).scalingModel();

        assertThat(model.fitted()).isFalse();
        assertThat(model.measuredThreads()).containsExactly(4, 8);
        assertThat(model.summary()).containsExactly("The scaling model does not describe these points: only 4 and"
                + " 8 threads of the 4 measured met the p99 SLA and the error limit, and the model is fitted to"
                + " those alone: it needs at least 3. It predicts nothing.");

        // Every point over the SLA: no prediction, though goodput grew with threads.
        assertThat(single(Fixtures.overloadedSweep()).scalingModel().summary().get(0))
                .startsWith("The scaling model does not describe these points: no thread count met the p99 SLA");
    }

    @Test
    void pointsAtTheLittlesLawCeilingOrAPoorFitPredictNothing() {
        assertThat(single(Fixtures.smallSweep()).scalingModel().summary()).containsExactly("The scaling model does"
                + " not describe these points: every point within the SLA ran at the Little's-law ceiling (95% of"
                + " it or more), so its goodput is connections / delay, set by the connections and not by the"
                + " threads. It predicts nothing.");

        SweepResult.SweepParameters p = Fixtures.parameters(List.of(1, 2, 3, 4), 20000, 10, 1, 20000, 250, 200);
        SweepResult zigzag = Fixtures.sweep("zigzag", true, null, p, List.of(
                Fixtures.point(1, p, List.of(), Fixtures.synthetic(1, 20000, 10, 100_000, 0, 0, 201, 205, 210, 230, 0.5, 0.2, false)),
                Fixtures.point(2, p, List.of(), Fixtures.synthetic(2, 20000, 10, 30_000, 0, 0, 201, 205, 210, 230, 0.5, 0.2, false)),
                Fixtures.point(3, p, List.of(), Fixtures.synthetic(3, 20000, 10, 110_000, 0, 0, 201, 205, 210, 230, 0.5, 0.2, false)),
                Fixtures.point(4, p, List.of(), Fixtures.synthetic(4, 20000, 10, 35_000, 0, 0, 201, 205, 210, 230, 0.5, 0.2, false))));
        ScalingModel poor = single(zigzag).scalingModel();
        assertThat(poor.fitted()).isFalse();
        assertThat(poor.summary().get(0)).startsWith("The scaling model does not describe these points: the Universal"
                + " Scalability Law fits them poorly (R^2 = 0.").endsWith(", below 0.8). It predicts nothing.");
    }

    @Test
    void everyPointSaysWhatItIsByTheVerdictsRules() {
        SweepReport report = single(Fixtures.loaded(Fixtures.scalingSweep(), "reports/test"),
                new Overrides(30_000.0, 240.0, null));

        // 1 thread: 2.01% errors, p99 475 ms; 2 threads: p99 258 ms; 4 threads: 1.3 + 0.6 of 2 cores busy;
        // 8 threads: 32,800/s within 240 ms, wrk saturated.
        assertThat(report.points()).extracting(PointRow::verdict).containsExactly(
                List.of(PointVerdict.ERRORS, PointVerdict.OVER_SLA, PointVerdict.BELOW_TARGET),
                List.of(PointVerdict.OVER_SLA, PointVerdict.BELOW_TARGET),
                List.of(PointVerdict.BELOW_TARGET, PointVerdict.CPU_FULL),
                List.of(PointVerdict.MEETS_TARGET, PointVerdict.WRK_SATURATED));
        assertThat(report.points()).extracting(row -> VerdictText.pointVerdict(row.verdict())).containsExactly(
                "errors, over SLA, below target", "over SLA, below target", "below target, CPU full",
                "meets target, wrk saturated");
        assertThat(ResultStore.toJson(report.points().get(0))).contains("\"verdict\" : [ \"errors\", \"over-sla\","
                + " \"below-target\" ]");

        SweepReport origin = single(Fixtures.origin(Overrides.NONE), Overrides.NONE);
        assertThat(origin.points()).extracting(PointRow::verdict)
                .containsOnly(List.of(PointVerdict.EVERY_RESPONSE_AN_ERROR));
    }

    @Test
    void aTargetTheSweepNeverMetGivesEveryReasonThatApplies() {
        SweepReport report = single(Fixtures.loaded(Fixtures.scalingSweep(), "reports/test"),
                new Overrides(40_000.0, 240.0, null));

        Verdict verdict = report.verdict();
        assertThat(verdict.reached()).isFalse();
        assertThat(kinds(verdict)).containsExactly(Kind.ERRORS, Kind.LATENCY, Kind.WRK_SATURATED,
                Kind.MACHINE_CPU_FULL, Kind.TOO_SLOW);
        assertThat(verdict.reasons().get(0).text()).isEqualTo("errors above the 0.10% limit: 2.0% at 1 thread");
        assertThat(verdict.reasons().get(1).text())
                .isEqualTo("p99 latency over the 240 ms SLA: 475 ms at 1 thread, 258 ms at 2 threads");
        // 4 threads: server 1.3 + wrk 0.6 cores of 2; 8 threads is already called out as wrk-saturated.
        assertThat(verdict.reasons().get(3).text()).startsWith("the machine's CPU was full at 4 threads (the server"
                + " and wrk together used 90% or more of its cores)");
        assertThat(verdict.reasons().get(4).text()).isEqualTo("too slow: the best goodput was 32,800/s"
                + " at 8 threads, 82% of the 40,000/s target");
        assertThat(report.notes()).contains("target 40,000/s from --target-rps (the sweep recorded 20,000/s)");
    }

    @Test
    void tooFewConnectionsAreCalledOutWithTheNumberItWouldTake() {
        SweepResult.SweepParameters p = Fixtures.parameters(List.of(1, 2), 400, 3, 1, 20000, 250, 200);
        SweepResult sweep = Fixtures.sweep("quick", true, null, p, List.of(
                Fixtures.point(1, p, List.of(),
                        Fixtures.synthetic(1, 400, 3, 5_880, 0, 0, 201, 203, 210, 230, 0.3, 0.1, false)),
                Fixtures.point(2, p, List.of(),
                        Fixtures.synthetic(2, 400, 3, 5_910, 0, 0, 201, 203, 209, 228, 0.3, 0.1, false))));
        SweepReport report = single(sweep);

        // The headline says it first: nothing else matters while the run itself cannot reach the target.
        assertThat(report.verdict().headline()).isEqualTo("NOT REACHED: the 20,000/s target is above this"
                + " run's Little's-law ceiling of 2,000/s (400 connections / 200 ms), so no server could reach"
                + " it here.");
        assertThat(kinds(report.verdict())).containsExactly(Kind.LITTLES_LAW);
        assertThat(report.verdict().reasons().get(0).text()).isEqualTo("throughput is capped by Little's law: 400"
                + " connections / 200 ms = 2,000/s at most, below the 20,000/s target; it would take at"
                + " least 4,000 connections");
        assertThat(report.points().get(0).efficiency()).isCloseTo(0.98, within(1e-9));
    }

    @Test
    void theLittlesLawCeilingComesBeforeEveryOtherReason() {
        // The quick profile's shape before it had its own target: 1,000 connections against 20,000/s.
        SweepResult.SweepParameters p = Fixtures.parameters(List.of(1, 2), 1000, 3, 1, 20000, 250, 200);
        SweepResult sweep = Fixtures.sweep("quick", true, null, p, List.of(
                Fixtures.point(1, p, List.of(),
                        Fixtures.synthetic(1, 1000, 3, 12_000, 300, 0, 201, 230, 400, 500, 0.9, 0.2, false)),
                Fixtures.point(2, p, List.of(),
                        Fixtures.synthetic(2, 1000, 3, 14_700, 0, 0, 201, 203, 209, 228, 1.0, 0.3, false))));
        SweepReport report = single(sweep);

        assertThat(report.verdict().headline()).startsWith("NOT REACHED: the 20,000/s target is above this"
                + " run's Little's-law ceiling of 5,000/s (1,000 connections / 200 ms)");
        assertThat(kinds(report.verdict())).containsExactly(Kind.LITTLES_LAW, Kind.ERRORS, Kind.LATENCY);
    }

    @Test
    void latencyOverTheSlaWithGoodputOverTheTargetIsCalledQueueingWithTheCommandThatAsksTheRealQuestion() {
        SweepReport report = single(Fixtures.overloadedSweep());

        assertThat(kinds(report.verdict())).containsExactly(Kind.LATENCY, Kind.QUEUEING, Kind.MACHINE_CPU_FULL);
        assertThat(report.verdict().reasons().get(1).text()).isEqualTo("the latency is queueing, not the handler:"
                + " the offered load, 20,000 connections / 200 ms = 100,000/s, exceeds what the server served"
                + " (46,700/s at 4 threads), so requests wait in the server: by Little's law 20,000 in flight at"
                + " 46,700/s take 428 ms on average. Goodput met the target, but a run that offers more than the"
                + " server can take cannot say whether it serves 20,000/s within 250 ms; loadctl capacity"
                + " --threads 1,2,4,8 --target-rps 20000 answers that");
        assertThat(report.points()).extracting(PointRow::verdict)
                .containsOnly(List.of(PointVerdict.OVER_SLA, PointVerdict.CPU_FULL));
    }

    @Test
    void aHandlerSlowerThanTheSlaIsNotQueueing() {
        SweepReport report = single(Fixtures.loaded(Fixtures.overloadedSweep(), "reports/test"),
                new Overrides(null, 150.0, null));

        assertThat(kinds(report.verdict())).contains(Kind.LATENCY).doesNotContain(Kind.QUEUEING);
    }

    @Test
    void aSweepWhoseWrkThreadsFollowedTheServersSaysSoFirstAndHowToHoldWrkStill() {
        SweepReport report = single(Fixtures.scalingSweep());

        assertThat(report.caveats()).containsExactly("wrk's -t followed the server's threads (1, 2, 4, 8), so each"
                + " step along the threads changed the load generator as well as the server; to hold wrk still,"
                + " sweep again with --wrk-threads N (e.g. --wrk-threads 2, this machine's cores).");
        assertThat(ReportFormats.render(ReportFormats.Kind.TEXT, ReportBuilder.build(
                List.of(Fixtures.loaded(Fixtures.scalingSweep(), "reports/test")), Overrides.NONE)))
                .startsWith("loadctl report: default\nreports/test, sweep, started 2025-06-01T10:00:00Z, complete\n"
                        + "Note: wrk's -t followed the server's threads (1, 2, 4, 8)");

        SweepResult full = Fixtures.scalingSweep();
        SweepResult.SweepParameters p = full.parameters();
        SweepResult.SweepParameters heldStill = new SweepResult.SweepParameters(p.threads(), p.connections(),
                p.durationSeconds(), p.warmupSeconds(), p.iterations(), 2, p.targetRps(), p.slaP99Ms(), p.delayMs(),
                p.timeoutSeconds(), p.target(), p.url(), p.lua());
        assertThat(single(Fixtures.sweep("held", true, null, heldStill, full.points())).caveats()).isEmpty();
        // Single runs keyed by wrk's -t vary nothing else; their notes say how they were keyed.
        assertThat(single(Fixtures.origin(Overrides.NONE), Overrides.NONE).caveats()).isEmpty();
    }

    /**
     * The newcomer's case: a 1,000-connection 10 s sweep against a 20,000-connection 30 s one. B has 6 to 9
     * times the goodput, every point of it hundreds of ms over the SLA: it is not the better server.
     */
    @Test
    void runsThatDifferInMoreThanTheServerAreWarnedOfFirstAndAPointOverTheSlaNeverWins() {
        SweepResult a = Fixtures.smallSweep();
        SweepResult b = Fixtures.overloadedSweep();
        SweepResult.Environment other = new SweepResult.Environment("Linux", "6.1.0-28-amd64", "AMD EPYC 7B13", 8,
                "17.0.15", "wrk 4.1.0 [epoll]", "0.1.0", 1024L, 20000L, 4096, 1024, "32768 60999", "bighost");
        b = new SweepResult(b.schemaVersion(), b.loadctlVersion(), b.profile(), b.startedAt(), b.finishedAt(), true,
                null, b.parameters(), other, b.preflight(), b.points());
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(a, "reports/a"), Fixtures.loaded(b, "reports/b")),
                Overrides.NONE);

        Comparison comparison = report.comparison();
        assertThat(comparison.warnings()).containsExactly(
                "connections: A 1,000, B 20,000 (Little's-law ceilings 5,000/s and 100,000/s)",
                "duration: A 10 s, B 30 s",
                "machine: CPU A Intel(R) Xeon(R) CPU @ 2.20GHz, B AMD EPYC 7B13; cores A 2, B 8; host A loadhost,"
                        + " B bighost");
        assertThat(comparison.rows()).extracting(Comparison.Row::better).containsOnly("A");
        assertThat(comparison.rows().get(0).why()).isEqualTo("B misses the 250 ms SLA by 778 ms; A is within the SLA"
                + " and the error limit (goodput ratio 6.21x)");
        assertThat(comparison.summary().get(1)).startsWith("A is better: B wins at 0 and A at 4 of 4 shared thread"
                + " counts");
        assertThat(ReportFormats.render(ReportFormats.Kind.TEXT, report)).startsWith("loadctl report: comparing A"
                + " and B\nWarning: A and B differ in more than the server, so their figures are not like for like;"
                + " a difference below may come from any of these:\n  - connections: A 1,000, B 20,000");
    }

    @Test
    void whereNeitherIsWithinTheSlaNeitherIsBetterThoughGoodputIsCompared() {
        SweepResult a = Fixtures.overloadedSweep();
        SweepResult.SweepParameters p = a.parameters();
        SweepResult b = Fixtures.sweep("twice", true, null, p, a.points().stream().map(point -> Fixtures.point(
                point.threads(), p, List.of(), Fixtures.synthetic(point.threads(), 20000, 30,
                        2 * point.iterations().get(0).requests(), 0, 0, 400, 500, 600, 900, 1.4, 0.5, false)))
                .toList());
        Comparison comparison = ReportBuilder.build(List.of(Fixtures.loaded(a, "reports/a"),
                Fixtures.loaded(b, "reports/b")), Overrides.NONE).comparison();

        assertThat(comparison.rows()).extracting(Comparison.Row::better).containsOnly("B");
        assertThat(comparison.rows()).extracting(Comparison.Row::why)
                .allMatch(why -> why.startsWith("neither is within the SLA and the error limit; goodput ratio 2.00x"));
        assertThat(comparison.summary().get(1)).isEqualTo("Neither is better: neither A nor B is within the p99 SLA"
                + " and the error limit at any shared thread count; on goodput alone B leads at 4 and A at 0 of 4,"
                + " which says nothing about serving the target.");
    }

    @Test
    void anInterruptedSweepSaysWhatIsMissing() {
        SweepResult full = Fixtures.scalingSweep();
        SweepResult partial = new SweepResult(full.schemaVersion(), full.loadctlVersion(), full.profile(),
                full.startedAt(), null, false, "interrupted", full.parameters(), full.environment(), full.preflight(),
                full.points().subList(0, 2));
        SweepReport report = single(partial);

        assertThat(report.completeness()).isEqualTo("incomplete: interrupted (2 of 4 thread counts measured)");
        assertThat(report.verdict().reasons()).last().extracting(Reason::text)
                .isEqualTo("the sweep is incomplete (interrupted): 4 and 8 threads were not measured");
    }

    @Test
    void aSweepWithoutPointsSaysSo() {
        SweepResult full = Fixtures.scalingSweep();
        SweepResult empty = new SweepResult(full.schemaVersion(), full.loadctlVersion(), full.profile(),
                full.startedAt(), null, false, "target server did not start", full.parameters(), full.environment(),
                full.preflight(), List.of());
        SweepReport report = single(empty);

        assertThat(report.verdict().headline()).isEqualTo("NOT REACHED: nothing was measured.");
        assertThat(kinds(report.verdict())).containsExactly(Kind.NO_POINTS);
        assertThat(report.scalingModel().fitted()).isFalse();
    }

    @Test
    void pointsWithoutSavedStatisticsAreComputedFromTheirIterations() {
        SweepResult.SweepParameters p = Fixtures.parameters(List.of(2), 100, 5, 1, 20000, 250, 0.5);
        WrkResult fast = Fixtures.fastLatency();
        SweepResult sweep = Fixtures.sweep("raw", true, null, p,
                List.of(new SweepResult.Point(2, 2, null, 0, 0, null, List.of(fast, fast), null)));
        PointRow row = single(sweep).points().get(0);

        assertThat(row.iterations()).isEqualTo(2);
        assertThat(row.goodputPerSecond()).isCloseTo(586940 / 5.01, within(0.01));
        assertThat(row.goodputErrorPerSecond()).isZero();
        assertThat(row.latencyP99Ms()).isEqualTo(4.44);
        assertThat(row.requests()).isEqualTo(2 * 586940);
    }

    @Test
    void comparisonSaysWhichSweepIsBetterPerThreadCount() {
        SweepResult a = Fixtures.scalingSweep();
        SweepResult.SweepParameters p = a.parameters();
        // B: twice the goodput at 1 thread, the same at 2, a better p99 at 4, and no 8-thread point.
        SweepResult b = Fixtures.sweep("tuned", true, null, p, List.of(
                Fixtures.point(1, p, List.of(),
                        Fixtures.synthetic(1, 20000, 10, 120_000, 0, 0, 201, 205, 220, 300, 1.0, 0.4, false)),
                a.points().get(1),
                Fixtures.point(4, p, List.of(),
                        Fixtures.synthetic(4, 20000, 10, 204_500, 0, 0, 201, 203, 210, 250, 1.3, 0.6, false)),
                Fixtures.point(16, p, List.of(),
                        Fixtures.synthetic(16, 20000, 10, 300_000, 0, 0, 201, 203, 210, 250, 1.3, 0.6, false))));
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(a, "reports/a"), Fixtures.loaded(b, "reports/b")),
                Overrides.NONE);

        Comparison comparison = report.comparison();
        assertThat(comparison.rows()).extracting(Comparison.Row::threads).containsExactly(1, 2, 4, 8, 16);
        assertThat(comparison.rows()).extracting(Comparison.Row::better)
                .containsExactly("B", "same", "B", "only in A", "only in B");
        Comparison.Row one = comparison.rows().get(0);
        assertThat(one.goodputRatio()).isCloseTo(12_000.0 / (17_917.0 / 3), within(1e-6));
        assertThat(one.why()).isEqualTo("A misses the 250 ms SLA by 225 ms and has 2.0% errors; B is within the SLA"
                + " and the error limit (goodput ratio 2.01x)");
        assertThat(comparison.rows().get(1).why())
                .isEqualTo("neither is within the SLA and the error limit; goodput and p99 within noise");
        assertThat(comparison.rows().get(2).why()).isEqualTo("same goodput; p99 -22.0 ms");
        assertThat(comparison.rows().get(2).p99ChangeMs()).isCloseTo(-22.0, within(1e-9));
        assertThat(comparison.summary()).contains("B is better: B wins at 2 and A at 0 of 2 shared thread counts"
                + " where at least one is within the p99 SLA and the error limit (a point within them beats one"
                + " that is not; otherwise differences under 5.0% or within the error bars count as the same);"
                + " at 2 threads neither is within them.");
        assertThat(comparison.warnings()).isEmpty();
        assertThat(report.sweeps()).extracting(SweepReport::label).containsExactly("A", "B");
    }

    @Test
    void aRunWithFlagsOverItsProfileSaysSoInItsHeaderInEveryFormat() {
        SweepResult base = Fixtures.scalingSweep();
        SweepResult withFlags = new SweepResult(base.schemaVersion(), base.loadctlVersion(), base.profile(),
                base.startedAt(), base.finishedAt(), true, null, base.parameters().withOverrides(
                        java.util.Map.of("connections", "500", "threads", "1,2")), base.environment(),
                base.preflight(), base.points());
        Report report = ReportBuilder.build(List.of(Fixtures.loaded(withFlags, "reports/x")), Overrides.NONE);

        assertThat(ReportFormats.render(ReportFormats.Kind.TEXT, report))
                .contains("loadctl report: default with --threads 1,2 --connections 500\n")
                .containsPattern("Flags +--threads 1,2 --connections 500 \\(over the profile 'default'\\)");
        assertThat(ReportFormats.render(ReportFormats.Kind.MARKDOWN, report))
                .contains("loadctl report: default with --threads 1,2 --connections 500");
        assertThat(ReportFormats.render(ReportFormats.Kind.HTML, report))
                .contains("loadctl report: default with --threads 1,2 --connections 500");
        assertThat(ReportFormats.render(ReportFormats.Kind.JSON, report))
                .containsPattern("\"overrides\" : \\{\\s*\"threads\" : \"1,2\",\\s*\"connections\" : \"500\"");
        // Without flags the header is the profile's name alone.
        assertThat(ReportFormats.render(ReportFormats.Kind.TEXT, ReportBuilder.build(
                List.of(Fixtures.loaded(base, "reports/x")), Overrides.NONE)))
                .contains("loadctl report: default\n").doesNotContain("Flags");
    }
}
