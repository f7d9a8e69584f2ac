package dev.loadctl.report;

/**
 * What the user asked the report to judge against instead of what the sweep recorded (or, for single
 * wrk runs, instead of loadctl's defaults). Null fields mean "not overridden".
 */
public record Overrides(Double targetRps, Double slaP99Ms, Double delayMs) {

    public static final Overrides NONE = new Overrides(null, null, null);

    /** The origin's question: 20,000 req/s from a 200 ms handler, with a 250 ms p99 SLA. */
    public static final double DEFAULT_TARGET_RPS = 20_000;
    public static final double DEFAULT_SLA_P99_MS = 250;
    public static final double DEFAULT_DELAY_MS = 200;
}
