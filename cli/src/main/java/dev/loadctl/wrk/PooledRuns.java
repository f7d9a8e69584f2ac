package dev.loadctl.wrk;

import dev.loadctl.LoadctlException;
import dev.loadctl.result.Rules;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.ThreadRate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs at one load, one after another on one server, taken as one longer run: every request counts once. Counts
 * and durations add up, rates are per second of all the runs, and the percentiles come from the runs' latency
 * distributions merged (each run's {@link LatencyLadder}, weighted by its samples, the share between two rungs
 * spread evenly between their values), so a 5 s run weighs more than a 3 s one and a pause that delayed 2% of one
 * run's requests delays 2% of that run's share only. Spread, not put at the upper rung as a merge of generators
 * does: the ladder has one rung from 98 to 99%, and a run whose p99 is 256 ms and 98th percentile 221 ms would
 * otherwise count that whole percent as slower than a 250 ms SLA, failing the pool on the rounding. Where a run has
 * no ladder (wrk without the script, several generators), the percentiles are the runs' own, weighted by their
 * samples. Documented in docs/capacity.md ("confirm").
 *
 * <p>Not a record of its own: the capacity search judges the pool, and each run stays in the result as measured.
 */
public final class PooledRuns {

    private PooledRuns() {
    }

    public static WrkResult pool(List<WrkResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        if (runs.size() == 1) {
            return runs.get(0);
        }
        WrkResult first = runs.get(0);
        double seconds = 0;
        RunCounts counts = new RunCounts();
        for (WrkResult run : runs) {
            if (run.connections() != first.connections() || run.threads() != first.threads()) {
                throw new IllegalArgumentException("runs at different loads cannot be pooled");
            }
            seconds += run.durationSeconds();
            counts.add(run);
        }
        return new WrkResult(WrkResult.SCHEMA_VERSION, first.url(), first.threads(), first.connections(), seconds,
                counts.requests, counts.bytes, counts.requests / seconds, counts.bytes / seconds, latency(runs),
                new ThreadRate(null, null, null, null), counts.errors(), counts.non2xx, counts.statusCodes(),
                counts.timely2xx / seconds, counts.estimated, counts.errorRate(), cpu(runs, seconds), List.of(),
                String.format(Locale.ROOT, "(pooled from %d runs: each one's output is its own)", runs.size()),
                first.serverThreads());
    }

    /** The merged ladders, or the runs' own percentiles weighted by their samples where a ladder is missing. */
    static LatencyMs latency(List<WrkResult> runs) {
        List<WrkMerge.Part> parts = new ArrayList<>();
        boolean everyLadder = true;
        for (int i = 0; i < runs.size(); i++) {
            WrkResult run = runs.get(i);
            LatencyLadder ladder = ladder(run);
            everyLadder &= ladder != null || !recorded(run);
            parts.add(new WrkMerge.Part("pooled", i + 1, run, ladder, null, null));
        }
        LatencyMs merged = WrkMerge.latency(parts, true);
        if (everyLadder) {
            return merged;
        }
        return new LatencyMs(merged.avg(), merged.stdev(), merged.max(), null,
                weighted(runs, LatencyMs::p50), weighted(runs, LatencyMs::p75), weighted(runs, LatencyMs::p90),
                weighted(runs, LatencyMs::p99), weighted(runs, LatencyMs::p99_9), weighted(runs, LatencyMs::p99_99));
    }

    /** wrk recorded latency in this run (wrk prints -nan, read as null, when it recorded none). */
    private static boolean recorded(WrkResult run) {
        return run.latencyMs() != null && (run.latencyMs().max() != null || run.latencyMs().p99() != null);
    }

    private static LatencyLadder ladder(WrkResult run) {
        if (run.generators() != null || run.rawOutput() == null) {
            return null;
        }
        try {
            return WrkOutputParser.read(run.rawOutput()).ladder();
        } catch (LoadctlException notWrkOutput) {
            return null;
        }
    }

    /** Null unless every run that recorded latency has this percentile. */
    private static Double weighted(List<WrkResult> runs, Function<LatencyMs, Double> percentile) {
        double sum = 0;
        double weights = 0;
        for (WrkResult run : runs) {
            if (!recorded(run)) {
                continue;
            }
            Double value = percentile.apply(run.latencyMs());
            if (value == null) {
                return null;
            }
            long weight = WrkMerge.samples(run);
            sum += weight * value;
            weights += weight;
        }
        return weights == 0 ? null : sum / weights;
    }

    /**
     * Cores averaged over the runs' time; saturated as one run of that length would be judged (with several
     * generators, each judged on its own: saturated when any run was).
     */
    private static CpuUsage cpu(List<WrkResult> runs, double seconds) {
        CpuUsage first = runs.get(0).cpu();
        if (first == null || runs.stream().anyMatch(run -> run.cpu() == null)) {
            return null;
        }
        double wrk = 0;
        double loadctl = 0;
        Double server = 0.0;
        for (WrkResult run : runs) {
            double share = run.durationSeconds() / seconds;
            wrk += share * run.cpu().wrkCores();
            loadctl += share * run.cpu().loadctlCores();
            server = server == null || run.cpu().serverCores() == null ? null : server + share * run.cpu().serverCores();
        }
        boolean saturated = runs.stream().anyMatch(run -> run.generators() != null)
                ? runs.stream().anyMatch(run -> run.cpu().wrkSaturated())
                : Rules.isWrkSaturated(wrk, first.wrkThreads(), first.machineCores());
        return new CpuUsage(server, wrk, loadctl, first.wrkThreads(), first.machineCores(), saturated,
                first.serverHost());
    }
}
