package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.GeneratorRun;
import dev.loadctl.result.GeneratorRun.GeneratorCpu;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.ThreadRate;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several wrk processes that loaded one point together, merged into one result: counts add up, goodput is
 * the sum of the generators' rates, the window is their common span, and latency percentiles come from the
 * merge of their latency distributions (each generator's {@link LatencyLadder}, weighted by the samples
 * wrk recorded), never from averaging percentiles. Each generator's own figures stay beside the merge
 * ({@link WrkResult#generators()}). The rules are documented in docs/result-schema.md ("Several generators").
 */
public final class WrkMerge {

    /** HdrHistogram's precision for the merge: values within 0.1% of the truth, far below run-to-run noise. */
    static final int SIGNIFICANT_DIGITS = 3;
    /** Values a rung's share is spread over: finer than HdrHistogram's 0.1% buckets would gain nothing. */
    private static final int SPREAD_STEPS = 64;

    private WrkMerge() {
    }

    /**
     * One generator's run.
     *
     * @param host        {@link GeneratorRun#LOCAL} or the generator host as given
     * @param startMicros its window's start on loadctl's clock (the host's wall clock corrected by its measured
     *                    offset), microseconds since 1970; null when not known
     * @param cpu         its CPU; null when not measured
     */
    public record Part(String host, int index, WrkResult result, LatencyLadder ladder, Long startMicros,
                       GeneratorCpu cpu) {

        String label() {
            return host + " #" + index;
        }
    }

    /** The point's one result. One part is kept as it is, with its generator's figures beside it. */
    public static WrkResult merge(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        List<GeneratorRun> runs = runs(parts);
        if (parts.size() == 1) {
            return parts.get(0).result().withGenerators(runs);
        }
        List<WrkResult> results = parts.stream().map(Part::result).toList();
        int threads = results.stream().mapToInt(WrkResult::threads).sum();
        int connections = results.stream().mapToInt(WrkResult::connections).sum();
        RunCounts counts = new RunCounts();
        double requestsPerSecond = 0;
        double transfer = 0;
        double goodput = 0;
        List<String> unknown = new ArrayList<>();
        for (Part part : parts) {
            WrkResult r = part.result();
            counts.add(r);
            requestsPerSecond += r.requestsPerSecond();
            transfer += r.transferBytesPerSecond();
            // Each generator's own rate over its own window: summed, they are the load's rate over the
            // window they share, whatever each did in the milliseconds before or after it.
            goodput += r.goodputPerSecond();
            r.unknownLines().forEach(line -> unknown.add("[" + part.label() + "] " + line));
        }
        return new WrkResult(WrkResult.SCHEMA_VERSION, results.get(0).url(), threads, connections,
                commonWindowSeconds(parts), counts.requests, counts.bytes, requestsPerSecond, transfer, latency(parts),
                threadRate(results), counts.errors(), counts.non2xx, counts.statusCodes(), goodput, counts.estimated,
                counts.errorRate(), null,
                List.copyOf(unknown), String.format(Locale.ROOT, "(merged from %d wrk processes: each one's output"
                        + " is its generators[].rawOutput)", parts.size()), null, null, runs);
    }

    /**
     * The span every generator was measuring: from the latest start to the earliest end. Without the
     * starts (no script), the shortest window.
     */
    static double commonWindowSeconds(List<Part> parts) {
        double shortest = parts.stream().mapToDouble(part -> part.result().durationSeconds()).min().orElse(0);
        if (parts.stream().anyMatch(part -> part.startMicros() == null)) {
            return shortest;
        }
        long latestStart = parts.stream().mapToLong(Part::startMicros).max().orElseThrow();
        long earliestEnd = parts.stream().mapToLong(part -> part.startMicros()
                + Math.round(part.result().durationSeconds() * 1e6)).min().orElseThrow();
        if (earliestEnd <= latestStart) {
            throw new LoadctlException(ExitCode.WRK_FAILED, String.format(Locale.ROOT, "the generators' measured"
                    + " windows do not overlap (the latest started %.1f s after the earliest ended): a generator"
                    + " started late, or a host's clock jumped", (latestStart - earliestEnd) / 1e6));
        }
        return (earliestEnd - latestStart) / 1e6;
    }

    private static List<GeneratorRun> runs(List<Part> parts) {
        Long earliest = parts.stream().allMatch(part -> part.startMicros() != null)
                ? parts.stream().mapToLong(Part::startMicros).min().orElseThrow() : null;
        return parts.stream().map(part -> {
            WrkResult r = part.result();
            Double offsetMs = earliest == null ? null : (part.startMicros() - earliest) / 1000.0;
            return new GeneratorRun(part.host(), part.index(), r.threads(), r.connections(), offsetMs,
                    r.durationSeconds(), r.requests(), r.goodputPerSecond(), r.errorRate(), r.socketErrors(),
                    r.latencyMs(), part.cpu(), r.rawOutput());
        }).toList();
    }

    /**
     * Percentiles from the merged distributions; the mean and spread pooled from the generators' own; the
     * largest max. A generator that recorded no latency adds no samples. Percentiles are null unless every
     * generator that recorded latency exported its ladder (the script ran).
     */
    static LatencyMs latency(List<Part> parts) {
        return latency(parts, false);
    }

    /**
     * @param spread each rung's share spread evenly between the rung below and it ({@link #add}), for an estimate
     *               that leans neither way; otherwise at the upper rung, never below what the samples say
     */
    static LatencyMs latency(List<Part> parts, boolean spread) {
        Histogram merged = new Histogram(SIGNIFICANT_DIGITS);
        double weights = 0;
        double sum = 0;
        double sumSquares = 0;
        Double max = null;
        boolean everyLadder = true;
        boolean meanKnown = true;
        for (Part part : parts) {
            LatencyMs own = part.result().latencyMs();
            if (own == null || own.max() == null) {
                continue; // nothing recorded
            }
            long weight = samples(part.result());
            max = max == null ? own.max() : Math.max(max, own.max());
            if (part.ladder() == null) {
                everyLadder = false;
            } else {
                add(merged, part.ladder(), weight, spread);
            }
            if (own.avg() == null || own.stdev() == null) {
                meanKnown = false;
            } else {
                weights += weight;
                sum += weight * own.avg();
                sumSquares += weight * (own.stdev() * own.stdev() + own.avg() * own.avg());
            }
        }
        if (max == null) {
            return new LatencyMs(null, null, null, null, null, null, null, null, null, null);
        }
        Double avg = meanKnown && weights > 0 ? sum / weights : null;
        Double stdev = avg == null ? null : Math.sqrt(Math.max(0, sumSquares / weights - avg * avg));
        boolean percentiles = everyLadder && merged.getTotalCount() > 0;
        return new LatencyMs(avg, stdev, max, null,
                percentiles ? at(merged, 50, max) : null, percentiles ? at(merged, 75, max) : null,
                percentiles ? at(merged, 90, max) : null, percentiles ? at(merged, 99, max) : null,
                percentiles ? at(merged, 99.9, max) : null, percentiles ? at(merged, 99.99, max) : null);
    }

    /**
     * The samples wrk recorded in its histogram: its responses less those slower than --timeout, which wrk
     * leaves out. (wrk's coordinated-omission correction adds samples the script cannot count; see
     * {@link LatencyLadder}.)
     */
    static long samples(WrkResult result) {
        return Math.max(1, result.requests() - result.socketErrors().timeout());
    }

    /**
     * The ladder's samples into the histogram: the share between two rungs at the upper rung, so a merged
     * percentile is never below what the samples say; or, {@code spread}, evenly between the two rungs' values.
     */
    static void add(Histogram histogram, LatencyLadder ladder, long weight, boolean spread) {
        long before = 0;
        for (int k = 1; k < ladder.size(); k++) {
            long upTo = Math.round(ladder.percents()[k] / 100.0 * weight);
            if (upTo > before) {
                long count = upTo - before;
                long high = Math.max(0, ladder.micros()[k]);
                long low = Math.max(0, ladder.micros()[k - 1]);
                if (!spread || high == low) {
                    histogram.recordValueWithCount(high, count);
                } else {
                    // The i-th of n samples at low + (high - low) * i / n, i = 1..n, in at most SPREAD_STEPS groups.
                    long steps = Math.min(count, SPREAD_STEPS);
                    long placed = 0;
                    for (long step = 1; step <= steps; step++) {
                        long upToStep = count * step / steps;
                        histogram.recordValueWithCount(low + (high - low) * step / steps, upToStep - placed);
                        placed = upToStep;
                    }
                }
                before = upTo;
            }
        }
    }

    private static double at(Histogram histogram, double percentile, double maxMs) {
        // HdrHistogram answers with its bucket's highest value; never above the largest latency seen.
        return Math.min(maxMs, histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    /** wrk's per-thread request rate: the mean over every thread of every generator, and the largest max. */
    private static ThreadRate threadRate(List<WrkResult> results) {
        double sum = 0;
        int threads = 0;
        Double max = null;
        for (WrkResult r : results) {
            ThreadRate own = r.requestsPerSecondPerThread();
            if (own == null || own.avg() == null) {
                return new ThreadRate(null, null, null, null);
            }
            sum += own.avg() * r.threads();
            threads += r.threads();
            max = own.max() == null ? max : max == null ? own.max() : Math.max(max, own.max());
        }
        return new ThreadRate(threads == 0 ? null : sum / threads, null, max, null);
    }
}
