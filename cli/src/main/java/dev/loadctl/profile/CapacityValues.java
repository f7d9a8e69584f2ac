package dev.loadctl.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One layer of a capacity search's own values, named as {@code loadctl capacity}'s flags: a profile's
 * {@code capacity:} block, the flags, or the built-in defaults; null means "not set in this layer". What the
 * search shares with a sweep (threads, target-rps, sla-p99, delay, timeout, wrk-threads, port, path, lua,
 * ready-timeout) comes from the profile's {@code sweep:} block. Shares and durations stay text ({@code 0.1%},
 * {@code 3s}) until they are resolved, so the error can name the value.
 *
 * @param maxErrorRate      the SLA's error limit: {@code 0.1%} or {@code 0.001}
 * @param maxConnections    the most connections a probe may open (the machine may allow fewer)
 * @param probeDuration     each search probe's measured run
 * @param probeWarmup       the unmeasured run before every probe
 * @param serverWarmup      the unmeasured load a fresh server gets before its first probe
 * @param confirmDuration   a confirmation's run and each run of the final measurement
 * @param confirmIterations runs of the final measurement
 * @param resolution        how close the failing connections must come to the passing ones: {@code 5%}
 * @param growth            the factor connections grow by while probes pass
 * @param headroom          the first probe's connections over what Little's law needs for the target
 */
public record CapacityValues(
        @JsonProperty("max-error-rate") String maxErrorRate,
        @JsonProperty("max-connections") Integer maxConnections,
        @JsonProperty("probe-duration") String probeDuration,
        @JsonProperty("probe-warmup") String probeWarmup,
        @JsonProperty("server-warmup") String serverWarmup,
        @JsonProperty("confirm-duration") String confirmDuration,
        @JsonProperty("confirm-iterations") Integer confirmIterations,
        String resolution,
        Double growth,
        Double headroom) {

    public static final CapacityValues NONE = new CapacityValues(null, null, null, null, null, null, null, null, null,
            null);

    public CapacityValues withMaxErrorRate(String value) {
        return new CapacityValues(value, maxConnections, probeDuration, probeWarmup, serverWarmup,
                confirmDuration, confirmIterations, resolution, growth, headroom);
    }

    public CapacityValues withMaxConnections(Integer value) {
        return new CapacityValues(maxErrorRate, value, probeDuration, probeWarmup, serverWarmup,
                confirmDuration, confirmIterations, resolution, growth, headroom);
    }

    public CapacityValues withProbeDuration(String value) {
        return new CapacityValues(maxErrorRate, maxConnections, value, probeWarmup, serverWarmup,
                confirmDuration, confirmIterations, resolution, growth, headroom);
    }

    public CapacityValues withProbeWarmup(String value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, value, serverWarmup,
                confirmDuration, confirmIterations, resolution, growth, headroom);
    }

    public CapacityValues withServerWarmup(String value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, probeWarmup, value,
                confirmDuration, confirmIterations, resolution, growth, headroom);
    }

    public CapacityValues withConfirmDuration(String value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, probeWarmup, serverWarmup,
                value, confirmIterations, resolution, growth, headroom);
    }

    public CapacityValues withConfirmIterations(Integer value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, probeWarmup, serverWarmup,
                confirmDuration, value, resolution, growth, headroom);
    }

    public CapacityValues withResolution(String value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, probeWarmup, serverWarmup,
                confirmDuration, confirmIterations, value, growth, headroom);
    }

    public CapacityValues withGrowth(Double value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, probeWarmup, serverWarmup,
                confirmDuration, confirmIterations, resolution, value, headroom);
    }

    public CapacityValues withHeadroom(Double value) {
        return new CapacityValues(maxErrorRate, maxConnections, probeDuration, probeWarmup, serverWarmup,
                confirmDuration, confirmIterations, resolution, growth, value);
    }

    /** These values where set, otherwise {@code base}'s. */
    public CapacityValues over(CapacityValues base) {
        return new CapacityValues(pick(maxErrorRate, base.maxErrorRate), pick(maxConnections, base.maxConnections),
                pick(probeDuration, base.probeDuration), pick(probeWarmup, base.probeWarmup),
                pick(serverWarmup, base.serverWarmup), pick(confirmDuration, base.confirmDuration),
                pick(confirmIterations, base.confirmIterations), pick(resolution, base.resolution),
                pick(growth, base.growth), pick(headroom, base.headroom));
    }

    private static <T> T pick(T top, T base) {
        return top != null ? top : base;
    }
}
