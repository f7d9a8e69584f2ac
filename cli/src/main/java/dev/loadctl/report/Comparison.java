package dev.loadctl.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Two sweeps side by side, per thread count: B (the candidate) against A (the baseline).
 *
 * @param baseline  A's source
 * @param candidate B's source
 * @param warnings  every way the two runs differ besides the server (connections, duration, delay, target,
 *                  wrk's -t, machine): their figures are not like for like; empty when they do not
 * @param summary   which one is better overall, in a sentence or two
 */
@JsonPropertyOrder({"baseline", "candidate", "warnings", "summary", "rows"})
public record Comparison(String baseline, String candidate, List<String> warnings, List<String> summary,
                         List<Row> rows) {

    /** Goodput or p99 differences smaller than this share count as noise. */
    public static final double NOISE_SHARE = 0.05;

    public static final String BETTER_A = "A";
    public static final String BETTER_B = "B";
    public static final String SAME = "same";
    public static final String NEITHER = "neither";
    public static final String ONLY_A = "only in A";
    public static final String ONLY_B = "only in B";

    /**
     * @param goodputRatio  B ÷ A; null when A's goodput is 0 or either is missing
     * @param p99ChangeMs   B − A; null when either p99 is unknown
     * @param better        A, B, same, neither, "only in A" or "only in B"; a point within the p99 SLA and the
     *                      error limit beats one that is not, whatever their goodput
     * @param why           the deciding figure, in words
     */
    @JsonPropertyOrder({"threads", "goodputAPerSecond", "goodputBPerSecond", "goodputRatio", "p99AMs", "p99BMs",
            "p99ChangeMs", "better", "why"})
    public record Row(int threads, Double goodputAPerSecond, Double goodputBPerSecond, Double goodputRatio,
                      Double p99AMs, Double p99BMs, Double p99ChangeMs, String better, String why) {
    }
}
