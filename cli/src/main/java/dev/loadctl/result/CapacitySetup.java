package dev.loadctl.result;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a capacity search was asked to do, as {@code result.json} records it beside the parameters: where it
 * starts, how it grows and narrows, how long each kind of probe runs, and the most connections the machine
 * lets it open. Documented in docs/result-schema.md and docs/capacity.md.
 *
 * @param startConnections       the first probe's connections at every thread count: the target's Little's-law
 *                               connections × {@code headroom}, within the limit
 * @param headroom               how far above the bare Little's-law connections the first probe starts (1.1)
 * @param growthFactor           connections are multiplied by this while probes pass (and divided while the
 *                               first ones fail)
 * @param resolution             the search narrows until the failing connections are within this share above
 *                               the passing ones (0.05 = 5%)
 * @param maxErrorRate           the SLA's error limit, 0..1
 * @param probeDurationSeconds   each search probe's measured run
 * @param probeWarmupSeconds     the unmeasured run before each probe (also before confirmations and finals)
 * @param serverWarmupSeconds    the unmeasured load a fresh server got at each thread count before its first
 *                               probe; null in results written before it was recorded (15 s then, none with
 *                               {@code probeWarmupSeconds} 0)
 * @param confirmDurationSeconds a confirmation's run, and each run of the final measurement
 * @param confirmIterations      runs of the final measurement (mean ± error)
 * @param connectionLimit        the most connections any probe may use, and what sets it
 */
@JsonPropertyOrder({"startConnections", "headroom", "growthFactor", "resolution", "maxErrorRate",
        "probeDurationSeconds", "probeWarmupSeconds", "serverWarmupSeconds", "confirmDurationSeconds",
        "confirmIterations", "connectionLimit"})
public record CapacitySetup(int startConnections, double headroom, double growthFactor, double resolution,
                            double maxErrorRate, double probeDurationSeconds, double probeWarmupSeconds,
                            Double serverWarmupSeconds, double confirmDurationSeconds, int confirmIterations,
                            ConnectionLimit connectionLimit) {

    /**
     * The most connections a probe may open.
     *
     * @param kind {@link #MAX_CONNECTIONS}, {@link #OPEN_FILES} or {@link #PORTS}
     * @param text what sets it, in words, with its figures
     */
    @JsonPropertyOrder({"connections", "kind", "text"})
    public record ConnectionLimit(int connections, String kind, String text) {
        /** {@code --max-connections} (or the profile's {@code max-connections}). */
        public static final String MAX_CONNECTIONS = "max-connections";
        /** The open-files limit: wrk's or the server's descriptors run out first. */
        public static final String OPEN_FILES = "open-files";
        /** Ephemeral ports: all one source address can hold towards one address and port. */
        public static final String PORTS = "ports";
    }
}
