package dev.loadctl.engine;

import dev.loadctl.engine.CapacitySearch.Ask;
import dev.loadctl.engine.CapacitySearch.Seen;
import dev.loadctl.Numbers;
import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.CapacityRules;
import dev.loadctl.result.CapacityRules.Judgment;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.PooledRuns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An adaptive plan: for each server thread count in turn, the search for its capacity ({@link CapacitySearch}),
 * each probe chosen from the points measured so far. It holds no state of its own between calls: every answer
 * replays the searches from the probes done, so {@link #next} is a function of its argument, and the engine's
 * list of done probes (what the result file holds) is the whole truth.
 *
 * <p>A probe that cannot be measured ends the search at its thread count, and the plan goes on with the next.
 */
public final class CapacityPlan implements Plan {

    private final SweepOptions options;
    private final CapacitySetup setup;
    private final Duration probeDuration;
    private final Duration probeWarmup;
    private final Duration serverWarmup;
    private final Duration confirmDuration;

    /**
     * @param options the target, the thread counts, wrk's settings, the SLA and the delay; its connections are
     *                not used (each probe has its own), its duration, warm-up and iterations neither
     * @param setup   the search's own settings and the connection limit
     */
    public CapacityPlan(SweepOptions options, CapacitySetup setup) {
        this.options = options;
        this.setup = setup;
        this.probeDuration = fromSeconds(setup.probeDurationSeconds());
        this.probeWarmup = fromSeconds(setup.probeWarmupSeconds());
        this.serverWarmup = fromSeconds(setup.serverWarmupSeconds() == null ? 0 : setup.serverWarmupSeconds());
        this.confirmDuration = fromSeconds(setup.confirmDurationSeconds());
    }

    @Override
    public String kind() {
        return SweepResult.KIND_CAPACITY;
    }

    /** The profile's name; the result folder adds {@code -capacity}. */
    @Override
    public String name() {
        return options.profileName();
    }

    @Override
    public Path outDir() {
        return options.outDir();
    }

    /** As asked: {@code connections} is the first probe's, the durations and iterations a search probe's. */
    @Override
    public SweepParameters parameters() {
        SweepParameters asked = Plans.parameters(options);
        return new SweepParameters(asked.threads(), setup.startConnections(), setup.probeDurationSeconds(),
                setup.probeWarmupSeconds(), 1, asked.wrkThreads(), asked.targetRps(), asked.slaP99Ms(),
                asked.delayMs(), asked.timeoutSeconds(), asked.target(), asked.url(), asked.lua(), asked.stagger(),
                asked.overrides());
    }

    @Override
    public CapacitySetup capacity() {
        return setup;
    }

    /** Checked for the most connections the search may open: open files are raised for those. */
    @Override
    public PreflightRequest preflight() {
        return new PreflightRequest(setup.connectionLimit().connections(), options.threads(), options.wrkThreads(),
                options.host(), options.port(), options.serverCommand(), options.requirements(), options.generators(),
                options.target().serverHost());
    }

    @Override
    public boolean goesOnAfterFailure() {
        return true;
    }

    /** Probes at one thread count differ only in load: they run on one server, started once. */
    @Override
    public boolean sharesTarget(Probe previous, Probe next) {
        return previous.threads() == next.threads();
    }

    /**
     * A fresh JVM spends its first seconds compiling, and on two cores its compiler threads take CPU from the
     * server and wrk: the bundled server at 2 threads and 5,000 connections had a p99 of 520-670 ms in its first
     * 3 s window, 250-420 ms until about 20 s and a steady 210-220 ms from about 30 s on (docs/benchmarks.md,
     * "Warm-up"), so probes on a server warmed 15 s failed where the same load passed later. Once warm, a probe
     * needs no warm-up of its own: its connections are new either way.
     */
    @Override
    public Duration freshTargetWarmup() {
        return serverWarmup;
    }

    @Override
    public Optional<Probe> next(List<Done> done) {
        Replay replay = replay(done);
        return replay.current().flatMap(search -> search.next().map(ask -> probe(search.threads(), ask)));
    }

    /** The point with what its probe was for, whether it met the SLA, and what the search does next. */
    @Override
    public Point recorded(Probe probe, Point measured, List<Done> before) {
        Replay asked = replay(before);
        Optional<Ask> ask = asked.current().flatMap(CapacitySearch::next);
        if (ask.isEmpty()) {
            return measured;
        }
        List<Done> after = new ArrayList<>(before);
        after.add(new Done(probe, measured, null));
        Replay answered = replay(after);
        CapacitySearch searched = answered.searches().get(asked.searches().size() - 1);
        String decision = searched.describePending() + (!searched.done() ? ""
                : answered.current().map(next -> "; next: " + threads(next.threads())).orElse("; the search is over"));
        Seen seen = searched.lastSeen();
        if (seen != null && seen.pooled() != null) {
            String verdict = seen.passed() ? "p99 " + Numbers.millis(seen.p99Ms()) + ", within the SLA"
                    : seen.judgment().text();
            decision = String.format(Locale.ROOT, "%s: %s; %s", CapacitySearch.pooledText(seen.pooled()), verdict,
                    decision);
        }
        Judgment judgment = judge(measured);
        return measured.withCapacity(new CapacityProbe(ask.get().role(), ask.get().step(), ask.get().pass(),
                ask.get().fail(), judgment.passed(), judgment.findings(), decision, searched.outcome(),
                seen == null ? null : seen.pooled()));
    }

    @Override
    public PlanOutline outline() {
        List<Probe> probes = new ArrayList<>();
        int[] typical = typicalSearch();
        for (int threads : options.threads()) {
            addExpected(probes, threads, typical);
        }
        return outline(probes);
    }

    /** These probes' planned time: a server started, and warmed, once per thread count. */
    public PlanOutline outline(List<Probe> probes) {
        return new PlanOutline(kind(), name(), probes, Engine.START_STOP_ESTIMATE, this::sharesTarget, serverWarmup);
    }

    /** Where the search is, for progress displays: every probe it has made and what it asks now. */
    public record Progress(int threads, String asking, Integer pass, Integer fail, int threadCountsLeft,
                           Duration estimatedLeft) {
    }

    /**
     * Where the search stands after {@code done}, and an estimate of the time left: the current search's
     * expected probes (the next growth failing, bisections halving the bracket, a confirmation and a final)
     * and a typical search at each thread count still to come.
     */
    public Optional<Progress> progress(List<Done> done) {
        Replay replay = replay(done);
        Optional<CapacitySearch> current = replay.current();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        CapacitySearch search = current.get();
        List<Probe> expected = new ArrayList<>();
        addExpected(expected, search.threads(), atLeastTypical(search));
        List<Integer> later = options.threads().subList(replay.searches().size(), options.threads().size());
        int[] typical = typicalSearch();
        later.forEach(threads -> addExpected(expected, threads, typical));
        Duration left = outline(expected).totalAfter(done.isEmpty() ? null : done.get(done.size() - 1).probe());
        Ask ask = search.next().orElseThrow();
        return Optional.of(new Progress(search.threads(), search.describePending(), ask.pass(), ask.fail(),
                later.size(), left));
    }

    /**
     * Probes, confirmations and finals of a search not begun: the start, one growth and the bisections to the
     * resolution, a confirmation and a final, plus what the edge's noise adds on two cores: about three probes
     * and two confirmations, which stand in for the finals that fail too (three default searches with pooled
     * confirmations: 5-11 probes, 1-5 confirmations and 1-3 finals per thread count, on average 7.3, 2.2 and
     * 1.4; docs/benchmarks.md).
     */
    private int[] typicalSearch() {
        return new int[]{1 + 1 + CapacitySearch.bisections(setup.growthFactor(), setup.resolution()) + 3, 3, 1};
    }

    /**
     * What the current search still expects, but no less than a typical search less what it has done: the
     * bracket alone says the next growth fails and every probe is believed, which the edge's noise rarely
     * allows, so the estimate would jump up at every confirmation and failed final.
     */
    private int[] atLeastTypical(CapacitySearch search) {
        int[] left = search.expectedLeft();
        int[] typical = typicalSearch();
        int[] done = search.doneByRole();
        for (int kind = 0; kind < left.length; kind++) {
            left[kind] = Math.max(left[kind], typical[kind] - done[kind]);
        }
        return left;
    }

    private void addExpected(List<Probe> probes, int threads, int[] counts) {
        String[] roles = {CapacityProbe.PROBE, CapacityProbe.CONFIRM, CapacityProbe.FINAL};
        for (int kind = 0; kind < roles.length; kind++) {
            for (int i = 0; i < counts[kind]; i++) {
                probes.add(probe(threads, new Ask(setup.startConnections(), roles[kind], "", null, null)));
            }
        }
    }

    /** The searches replayed from the probes done: one per thread count reached, the last maybe still going. */
    private record Replay(List<CapacitySearch> searches) {

        /** The search that asks the next probe; empty when every thread count is done. */
        Optional<CapacitySearch> current() {
            CapacitySearch last = searches.get(searches.size() - 1);
            return last.done() ? Optional.empty() : Optional.of(last);
        }
    }

    private Replay replay(List<Done> done) {
        List<CapacitySearch> searches = new ArrayList<>();
        Iterator<Done> probes = done.iterator();
        for (int threads : options.threads()) {
            CapacitySearch search = search(threads);
            searches.add(search);
            Map<Integer, List<WrkResult>> runsAt = new HashMap<>();
            while (!search.done() && probes.hasNext()) {
                boolean confirm = search.next().map(ask -> CapacitySearch.CONFIRM.equals(ask.step())).orElse(false);
                search.observe(seen(probes.next(), confirm, runsAt));
            }
            if (!search.done()) {
                break;
            }
        }
        return new Replay(searches);
    }

    private CapacitySearch search(int threads) {
        int floor = options.wrkThreadsFor(threads);
        return new CapacitySearch(threads, new CapacitySearch.Bounds(setup.startConnections(), floor,
                setup.connectionLimit().connections(), setup.connectionLimit().text(), setup.growthFactor(),
                setup.resolution()));
    }

    /**
     * What the search is told of a probe. A confirmation is judged on every run at its connections on this
     * server pooled ({@link PooledRuns}): the failure it confirms and itself, a 3 s and a 5 s run by default.
     *
     * @param runsAt the runs so far at each connection count of this thread count, added to here
     */
    private Seen seen(Done done, boolean confirm, Map<Integer, List<WrkResult>> runsAt) {
        if (done.point() == null) {
            return Seen.failed(done.failure());
        }
        Point point = done.point();
        List<WrkResult> runs = runsAt.computeIfAbsent(point.connections(), c -> new ArrayList<>());
        runs.addAll(point.iterations());
        if (confirm && runs.size() > point.iterations().size()) {
            WrkResult pooled = PooledRuns.pool(runs);
            Point together = PointSummary.of(null, point.connections(), point.threads(), point.wrkThreads(),
                    List.of(pooled), parameters(), null);
            Judgment judgment = judge(together);
            Double p99 = pooled.latencyMs() == null ? null : pooled.latencyMs().p99();
            return new Seen(judgment, pooled.goodputPerSecond(), p99, pooled.errorRate(), null,
                    new CapacityProbe.Pooled(runs.size(), pooled.durationSeconds(), p99, judgment.passed()));
        }
        SweepResult.PointStats stats = point.stats();
        return new Seen(judge(point), stats.goodputPerSecond().mean() == null ? 0 : stats.goodputPerSecond().mean(),
                stats.latencyP99Ms().mean(), stats.errorRate().mean(), null);
    }

    private Judgment judge(Point point) {
        return CapacityRules.judge(point, options.slaP99().toNanos() / 1e6, setup.maxErrorRate(),
                options.delay().toNanos() / 1e6);
    }

    /** A search probe runs short; a confirmation longer; the final several times as long. */
    private Probe probe(int threads, Ask ask) {
        boolean probe = CapacityProbe.PROBE.equals(ask.role());
        int iterations = CapacityProbe.FINAL.equals(ask.role()) ? setup.confirmIterations() : 1;
        LoadShape load = new LoadShape(options.url(), ask.connections(), options.wrkThreadsFor(threads),
                probe ? probeDuration : confirmDuration, probeWarmup, iterations, options.timeout(), options.lua(),
                options.staggerStart());
        return new Probe(null, options.target(), threads, load, options.host(), options.port(),
                options.readyTimeout());
    }

    private static String threads(int threads) {
        return threads == 1 ? "1 thread" : threads + " threads";
    }

    private static Duration fromSeconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
