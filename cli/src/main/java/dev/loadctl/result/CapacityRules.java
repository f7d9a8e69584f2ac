package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PointStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one point of a capacity search meets the SLA, and why not. The search decides by it while it
 * runs and the report judges the saved points by it again, so the two cannot disagree. A point passes when
 * its p99 is within the SLA, its error rate within the limit, and the load generator was not saturated
 * (a saturated wrk measures itself, not the server). Documented in docs/capacity.md.
 */
public final class CapacityRules {

    /** Finding kinds, also the words the report matches on. The first three fail a point on their own. */
    public static final String WRK_SATURATED = "wrk-saturated";
    public static final String ERRORS = "errors";
    public static final String LATENCY = "latency";
    public static final String LATENCY_UNKNOWN = "latency-unknown";
    /** Explains a failure: the server, or the server and wrk together, used all the CPU they could. */
    public static final String CPU_FULL = "cpu-full";
    /** Explains a failure: the median waited well past the handler's delay, so requests queued. */
    public static final String QUEUEING = "queueing";

    /**
     * The median's share above the handler's delay that counts as queueing: a 200 ms handler answering at a
     * median of 220 ms or more kept requests waiting before it, while a slow tail alone leaves the median
     * at the delay.
     */
    public static final double QUEUEING_SHARE = 0.10;

    private CapacityRules() {
    }

    /** One thing found about a point, with its figures. */
    @JsonPropertyOrder({"kind", "text"})
    public record Finding(String kind, String text) {
    }

    /**
     * @param passed   the point meets the SLA
     * @param findings why not, first what failed it, then what explains that (empty when it passed)
     */
    public record Judgment(boolean passed, List<Finding> findings) {

        public Judgment {
            findings = List.copyOf(findings);
        }

        /**
         * What stopped it, most telling first: a saturated generator (the numbers mean nothing), errors, then
         * for latency what explains it (a full CPU, queueing), else the latency itself (a slow tail at any load).
         */
        @JsonIgnore
        public String cause() {
            if (passed) {
                return null;
            }
            for (String kind : List.of(WRK_SATURATED, ERRORS)) {
                if (has(kind)) {
                    return kind;
                }
            }
            for (String kind : List.of(CPU_FULL, QUEUEING, LATENCY, LATENCY_UNKNOWN)) {
                if (has(kind)) {
                    return kind;
                }
            }
            return findings.isEmpty() ? null : findings.get(0).kind();
        }

        public boolean has(String kind) {
            return findings.stream().anyMatch(finding -> finding.kind().equals(kind));
        }

        /** The findings in one line, in order. */
        public String text() {
            return String.join("; ", findings.stream().map(Finding::text).toList());
        }
    }

    /**
     * @param slaP99Ms     the SLA on p99
     * @param maxErrorRate the error limit, 0..1
     * @param delayMs      the handler's delay, for telling queueing from a slow tail (0: unknown)
     */
    public static Judgment judge(Point point, double slaP99Ms, double maxErrorRate, double delayMs) {
        PointStats stats = point.stats();
        WrkResult.CpuUsage cpu = point.iterations() == null ? null : point.iterations().stream()
                .map(WrkResult::cpu).filter(Objects::nonNull).findFirst().orElse(null);
        Double p99 = stats.latencyP99Ms().mean();
        Double p50 = stats.latencyP50Ms().mean();
        Double errorRate = stats.errorRate().mean();
        List<Finding> failing = new ArrayList<>();
        if (stats.wrkSaturated()) {
            failing.add(new Finding(WRK_SATURATED, format("the load generator was saturated (wrk used %.2f of the"
                    + " %d cores it can use): the numbers are its limit, not the server's", mean(stats.wrkCores()),
                    cpu == null ? point.wrkThreads() : Math.min(cpu.wrkThreads(), cpu.machineCores()))));
        }
        if (errorRate == null || errorRate > maxErrorRate) {
            failing.add(new Finding(ERRORS, errorRate == null ? "the error rate is unknown"
                    : format("errors %.2f%% over the %.2f%% limit", 100 * errorRate, 100 * maxErrorRate)));
        }
        if (p99 == null) {
            failing.add(new Finding(LATENCY_UNKNOWN, "p99 is unknown: wrk printed no latency distribution"));
        } else if (Rules.isOverSla(p99, slaP99Ms)) {
            // Whole milliseconds would print "p99 250 ms over the 250 ms SLA" for 250.4: a tenth tells them apart.
            String figure = Math.round(p99) <= Math.round(slaP99Ms) ? "%,.1f" : "%,.0f";
            failing.add(new Finding(LATENCY, format("p99 " + figure + " ms over the %,.0f ms SLA", p99, slaP99Ms)));
        }
        if (failing.isEmpty()) {
            return new Judgment(true, List.of());
        }
        cpuFull(stats, cpu, point.threads()).ifPresent(failing::add);
        if (p50 != null && delayMs > 0 && p50 > delayMs * (1 + QUEUEING_SHARE)) {
            failing.add(new Finding(QUEUEING, format("p50 %,.0f ms against the %,.0f ms handler: requests waited in"
                    + " a queue", p50, delayMs)));
        }
        return new Judgment(false, failing);
    }

    /** The server alone used all its threads can, or the server and wrk together filled the machine. */
    private static Optional<Finding> cpuFull(PointStats stats, WrkResult.CpuUsage cpu, int threads) {
        Double server = stats.serverCores().mean();
        Double wrk = stats.wrkCores().mean();
        if (cpu == null || server == null) {
            return Optional.empty();
        }
        int serverCanUse = Math.min(threads, cpu.machineCores());
        if (Rules.isCpuFull(server, serverCanUse)) {
            return Optional.of(new Finding(CPU_FULL, format("the server's CPU was full (%.2f cores for %d"
                    + " thread%s)", server, threads, threads == 1 ? "" : "s")));
        }
        if (cpu.machineFull(server, wrk)) {
            return Optional.of(new Finding(CPU_FULL, format("the machine's CPU was full (server %.2f + wrk"
                    + " %.2f of %d cores)", server, wrk, cpu.machineCores())));
        }
        return Optional.empty();
    }

    private static double mean(SweepResult.Estimate estimate) {
        return estimate == null || estimate.mean() == null ? 0 : estimate.mean();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
