package dev.loadctl.engine;

import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.CapacityProbe.Outcome;
import dev.loadctl.result.CapacityRules;
import dev.loadctl.result.CapacityRules.Judgment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The search for the capacity at one thread count: the most goodput whose probe meets the SLA. Closed-loop
 * load is set by connections, so it searches connections. It starts where Little's law says the target needs
 * ({@code start}), multiplies connections by the growth factor while probes pass, divides them while the
 * first ones fail, then bisects (geometric midpoints) between the last pass and the first failure until they
 * are within the resolution. The failure that bounds the answer is probed again before it counts (judged on
 * every run at its connections pooled, so there is no tie to break), and the capacity is measured again with
 * several runs (the final); a final that fails puts its connections back on the failing side and the search
 * goes on below it.
 *
 * <p>It stops early when goodput stops growing while connections grow (more only adds queueing), at the
 * connection limit, when no lighter load helps a failure (a slow tail or errors at any load), at the fewest
 * connections wrk can use, when a probe cannot be measured, or after {@link #MAX_PROBES} probes.
 *
 * <p>Pure: what it asks next depends only on what it has been told, so a plan can replay it from the probes
 * done, and a test can drive it with made-up results.
 */
final class CapacitySearch {

    static final String START = "start";
    static final String GROW = "grow";
    static final String SHRINK = "shrink";
    static final String BISECT = "bisect";
    static final String CONFIRM = "confirm";
    static final String FINAL = "final";

    /**
     * A grown pass whose goodput rose by less than this share of the rise in connections over the pass below it
     * (10% for 40% more connections): goodput has stopped growing, and more connections would only queue.
     */
    static final double PLATEAU_SHARE = 0.25;
    /** A lighter load that cuts neither p99 nor the error rate by this share did not help. */
    static final double HELPED_SHARE = 0.10;

    /**
     * Finals that fail before the search gives up confirming a capacity. A final's longer runs can see more
     * of the tail than the probes did, so the first one may well fail where a probe passed by a hair; the third
     * one comes after the search has gone on below the first two.
     */
    static final int MAX_FINALS = 3;
    /** Probes of every kind at one thread count: a guard against a search that the noise keeps going. */
    static final int MAX_PROBES = 16;

    /**
     * Where it starts, how it moves and where it must stay.
     *
     * @param start      the first probe's connections
     * @param floor      the fewest connections a probe may use (one per wrk thread)
     * @param limit      the most
     * @param limitText  what sets the limit, in words
     */
    record Bounds(int start, int floor, int limit, String limitText, double growth, double resolution) {
    }

    /** What to probe next and why. {@code pass}/{@code fail} are the bracket known when it was chosen. */
    record Ask(int connections, String role, String step, Integer pass, Integer fail) {
    }

    /**
     * What a probe found. {@code judgment} is null when it could not be measured ({@code failure} says why).
     * A confirmation's figures are those of every run at its connections pooled; {@code pooled} says what was
     * pooled and its verdict, null for a probe judged alone.
     */
    record Seen(Judgment judgment, double goodput, Double p99Ms, Double errorRate, String failure,
                CapacityProbe.Pooled pooled) {

        Seen(Judgment judgment, double goodput, Double p99Ms, Double errorRate, String failure) {
            this(judgment, goodput, p99Ms, errorRate, failure, null);
        }

        static Seen failed(String failure) {
            return new Seen(null, 0, null, null, failure);
        }

        boolean measured() {
            return judgment != null;
        }

        boolean passed() {
            return measured() && judgment.passed();
        }
    }

    private final int threads;
    private final Bounds bounds;
    private final TreeMap<Integer, Double> passes = new TreeMap<>();
    private final TreeMap<Integer, Seen> fails = new TreeMap<>();
    private final Set<Integer> confirmed = new HashSet<>();
    /** Each shrink step's connections, and the failing connections it came down from. */
    private final Map<Integer, Integer> shrunkFrom = new HashMap<>();
    /** The latest failure at each connection count, kept when a later probe there passes. */
    private final Map<Integer, Seen> lastFailure = new HashMap<>();
    private Ask pending;
    private Outcome pendingStop;
    private Outcome outcome;
    private int lo;
    private int hi;
    private int finals;
    /** Some probe passed: a search that ends with no pass had one that did not hold when measured again. */
    private boolean anyPassed;
    private Seen lastSeen;
    /** Probes, confirmations and finals done, in {@link #expectedLeft}'s order; together, the probe budget's count. */
    private final int[] doneByRole = new int[3];

    CapacitySearch(int threads, Bounds bounds) {
        this.threads = threads;
        this.bounds = bounds;
        this.pending = new Ask(Math.max(bounds.floor(), Math.min(bounds.limit(), bounds.start())),
                CapacityProbe.PROBE, START, null, null);
    }

    int threads() {
        return threads;
    }

    /** The probe it asks for now; empty once it has ended. */
    Optional<Ask> next() {
        return Optional.ofNullable(pending);
    }

    /** How it ended; null while it goes on. */
    Outcome outcome() {
        return outcome;
    }

    boolean done() {
        return outcome != null;
    }

    /** What the last probe found, as the search took it; null before the first. */
    Seen lastSeen() {
        return lastSeen;
    }

    /** Takes what the asked probe found and chooses the next one, or ends. */
    void observe(Seen seen) {
        Ask asked = pending;
        if (asked == null) {
            throw new IllegalStateException("the search at " + threads + " threads has ended");
        }
        pending = null;
        lastSeen = seen;
        doneByRole[switch (asked.step()) {
            case CONFIRM -> 1;
            case FINAL -> 2;
            default -> 0;
        }]++;
        int c = asked.connections();
        if (!seen.measured()) {
            end(new Outcome(Outcome.PROBE_FAILED, null, c, null, format("the probe at %,d connections could not be"
                    + " measured: %s", c, seen.failure())));
            return;
        }
        anyPassed |= seen.passed();
        if (seen.passed()) {
            passes.put(c, seen.goodput());
            fails.remove(c);
        } else {
            fails.put(c, seen);
            lastFailure.put(c, seen);
            passes.remove(c);
        }
        switch (asked.step()) {
            case FINAL -> afterFinal(c, seen);
            case CONFIRM -> afterConfirm(c, seen);
            case SHRINK -> afterShrink(c, seen);
            case BISECT -> bisect(seen.passed() ? c : lo, seen.passed() ? hi : c);
            default -> afterGrow(c, seen, asked.step());
        }
        if (pending != null && Arrays.stream(doneByRole).sum() >= MAX_PROBES && !FINAL.equals(pending.step())) {
            pending = null;
            stopAndMeasure(new Outcome(Outcome.PROBE_BUDGET, null, c, null, format("the search used its %d probes"
                    + " at %s before it closed in", MAX_PROBES, threadsText())));
        }
    }

    /** A pass grows the load (or stops: goodput flat, the limit); the first failure narrows from below. */
    private void afterGrow(int c, Seen seen, String step) {
        if (!seen.passed()) {
            Integer below = passes.lowerKey(c);
            if (below == null) {
                shrinkFrom(c);
            } else {
                bisect(below, c);
            }
            return;
        }
        // Judged over a whole growth step only: over a step cut short by the limit, noise outweighs the rise.
        Integer below = passes.lowerKey(c);
        if (below != null && GROW.equals(step) && c == grown(below) && c < bounds.limit()
                && seen.goodput() - passes.get(below) < PLATEAU_SHARE * passes.get(below) * ((double) c / below - 1)) {
            stopAndMeasure(new Outcome(Outcome.PLATEAU, null, c, null, format("goodput stopped growing: %,.0f/s at"
                            + " %,d connections, %,.0f/s (%+.1f%%) at %,d; more connections only add queueing",
                    passes.get(below), below, seen.goodput(), 100 * (seen.goodput() / passes.get(below) - 1), c)));
            return;
        }
        Integer failAbove = fails.higherKey(c);
        if (failAbove != null) {
            bisect(c, failAbove);
        } else if (c >= bounds.limit()) {
            stopAndMeasure(new Outcome(Outcome.CONNECTION_LIMIT, null, c, null, format("the SLA was still met at"
                    + " the connection limit, %,d (%s): the machine, not the server, stopped the search", c,
                    bounds.limitText())));
        } else {
            ask(grown(c), GROW);
        }
    }

    /** Failing from the start: lighter loads until one passes, or until lighter no longer helps. */
    private void afterShrink(int c, Seen seen) {
        if (seen.passed()) {
            bisect(c, fails.higherKey(c));
            return;
        }
        // Two shrink steps in a row (the load divided by growth squared) that helped nothing: the failure is not
        // the load's. One step alone could be noise, or a server still warming up.
        Integer heavier = shrunkFrom.get(c);
        Integer heaviest = heavier == null ? null : shrunkFrom.get(heavier);
        if (heaviest != null && !helped(lastFailure.get(heavier), seen) && !helped(lastFailure.get(heaviest), seen)) {
            end(new Outcome(Outcome.NO_PASS, seen.judgment().cause(), c, null, format("%s, down to %,d connections:"
                    + " %s; lighter loads did not help (%,d connections against %,d and %,d)", noLoad(), c,
                    seen.judgment().text(), c, heavier, heaviest)));
            return;
        }
        shrinkFrom(c);
    }

    private void shrinkFrom(int c) {
        if (c <= bounds.floor()) {
            Seen seen = lastFailure.get(c);
            end(new Outcome(Outcome.NO_PASS, seen.judgment().cause(), c, null, format("%s, down to %,d connection%s"
                    + " (one per wrk thread): %s", noLoad(), c, c == 1 ? "" : "s", seen.judgment().text())));
            return;
        }
        int lighter = Math.max(bounds.floor(), Math.min((int) Math.floor(c / bounds.growth()), c - 1));
        shrunkFrom.put(lighter, c);
        ask(lighter, SHRINK);
    }

    /** A probe that passed once and then failed when measured again does not count as meeting the SLA. */
    private String noLoad() {
        return anyPassed ? "no load met the SLA when measured again" : "no load met the SLA";
    }

    /** Narrows between a pass and a failure; within the resolution, the failure is confirmed first. */
    private void bisect(int pass, int fail) {
        lo = pass;
        hi = fail;
        if (fail - pass <= 1 || fail <= pass * (1 + bounds.resolution()) + 1e-9) {
            if (confirmed.contains(fail)) {
                stopAtEdge(fail);
            } else {
                ask(fail, CONFIRM);
            }
            return;
        }
        int middle = (int) Math.round(Math.sqrt((double) pass * fail));
        ask(Math.max(pass + 1, Math.min(fail - 1, middle)), BISECT);
    }

    /**
     * A failure probed again, judged on every run at these connections pooled (a longer confirmation weighs more
     * than the short probe before it): failing confirms it; passing makes the first failure noise, and the search
     * goes on above. Votes of equal weight tied whenever the two disagreed, and each tie cost a third run.
     */
    private void afterConfirm(int c, Seen seen) {
        if (seen.passed()) {
            afterGrow(c, seen, CONFIRM);
        } else {
            confirmed.add(c);
            stopAtEdge(c);
        }
    }

    private void stopAtEdge(int fail) {
        Seen seen = lastFailure.get(fail);
        stopAndMeasure(new Outcome(Outcome.EDGE, seen.judgment().cause(), fail, null, format("%s at %,d connections"
                + " (confirmed%s), within %.0f%% of %,d that passed", seen.judgment().text(), fail,
                seen.pooled() == null ? "" : ": " + pooledText(seen.pooled()), 100 * bounds.resolution(), lo)));
    }

    /** The final passed: that is the capacity. It failed: its connections fail, and the search goes on below. */
    private void afterFinal(int c, Seen seen) {
        if (seen.passed()) {
            Outcome stop = pendingStop;
            end(new Outcome(stop.stop(), stop.cause(), stop.connections(), c, stop.text()));
            return;
        }
        finals++;
        confirmed.add(c);
        if (finals >= MAX_FINALS) {
            end(new Outcome(Outcome.UNCONFIRMED, seen.judgment().cause(), c, null, format("the final measurement"
                    + " failed %d times where the probes had passed (last at %,d connections: %s): the edge is"
                    + " too noisy to name a capacity", finals, c, seen.judgment().text())));
            return;
        }
        Integer below = passes.lowerKey(c);
        if (below == null) {
            shrinkFrom(c);
        } else {
            bisect(below, c);
        }
    }

    /** Ends the search with a final measurement of the best pass below the lowest confirmed failure. */
    private void stopAndMeasure(Outcome stop) {
        pendingStop = stop;
        int ceiling = confirmed.stream().filter(fails::containsKey).min(Integer::compare).orElse(Integer.MAX_VALUE);
        Integer best = null;
        for (Map.Entry<Integer, Double> pass : passes.headMap(ceiling).entrySet()) {
            if (best == null || pass.getValue() > passes.get(best)) {
                best = pass.getKey();
            }
        }
        if (best == null) {
            end(stop);
        } else {
            ask(best, FINAL);
        }
    }

    private void ask(int connections, String step) {
        String role = switch (step) {
            case CONFIRM -> CapacityProbe.CONFIRM;
            case FINAL -> CapacityProbe.FINAL;
            default -> CapacityProbe.PROBE;
        };
        // The bracket around this probe: a final stands on its own pass, a confirmation on its own failure.
        Integer pass = FINAL.equals(step) ? passes.floorKey(connections) : passes.lowerKey(connections);
        Integer fail = CONFIRM.equals(step) ? fails.ceilingKey(connections) : fails.higherKey(connections);
        pending = new Ask(connections, role, step, pass, fail);
    }

    private void end(Outcome ended) {
        pending = null;
        outcome = ended;
    }

    private int grown(int c) {
        return Math.min(bounds.limit(), Math.max(c + 1, (int) Math.ceil(c * bounds.growth())));
    }

    /** The lighter load cut p99 or the error rate by {@link #HELPED_SHARE}, or passed where the heavier did not. */
    private static boolean helped(Seen heavier, Seen lighter) {
        boolean p99 = heavier.p99Ms() != null && lighter.p99Ms() != null
                && lighter.p99Ms() < heavier.p99Ms() * (1 - HELPED_SHARE);
        boolean errors = heavier.errorRate() != null && lighter.errorRate() != null
                && lighter.errorRate() < heavier.errorRate() * (1 - HELPED_SHARE);
        boolean saturation = heavier.judgment().has(CapacityRules.WRK_SATURATED)
                && !lighter.judgment().has(CapacityRules.WRK_SATURATED);
        return p99 || errors || saturation;
    }

    /**
     * What is left of this search, counted as probes, confirmations and finals, on the guess that the next
     * growth fails and each bisection halves the bracket's logarithm.
     */
    int[] expectedLeft() {
        if (pending == null) {
            return new int[]{0, 0, 0};
        }
        return switch (pending.step()) {
            case FINAL -> new int[]{0, 0, 1};
            case CONFIRM -> new int[]{0, 1, 1};
            case BISECT -> new int[]{1 + bisections((double) hi / lo, bounds.resolution()), 1, 1};
            default -> new int[]{1 + bisections(bounds.growth(), bounds.resolution()), 1, 1};
        };
    }

    /** Probes, confirmations and finals done so far. */
    int[] doneByRole() {
        return doneByRole.clone();
    }

    /** Geometric bisections that bring a bracket of this ratio within the resolution, after the one asked now. */
    static int bisections(double ratio, double resolution) {
        int steps = 0;
        double log = Math.log(ratio);
        while (log > Math.log(1 + resolution) + 1e-12 && steps < 32) {
            log /= 2;
            steps++;
        }
        return Math.max(0, steps - 1);
    }

    /** The probe asked for now, in words: "grow to 6,160 connections". */
    String describePending() {
        if (pending == null) {
            return outcome == null ? "" : "done with " + threadsText() + ": " + outcome.text();
        }
        int c = pending.connections();
        return switch (pending.step()) {
            case START -> format("start at %,d connections", c);
            case GROW -> format("grow to %,d connections", c);
            case SHRINK -> format("shrink to %,d connections", c);
            case BISECT -> format("bisect %,d (pass) .. %,d (fail): %,d connections", lo, hi, c);
            case CONFIRM -> format("confirm the failure at %,d connections", c);
            default -> format("measure the capacity at %,d connections (stopped: %s)", c, pendingStop.stop());
        };
    }

    /** "2 runs, 8 s pooled". */
    static String pooledText(CapacityProbe.Pooled pooled) {
        return format("%d runs, %.0f s pooled", pooled.runs(), pooled.seconds());
    }

    private String threadsText() {
        return threads == 1 ? "1 thread" : threads + " threads";
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
