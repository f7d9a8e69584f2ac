package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Option;

/** What the service must do and how the target is judged and started: shared by the commands that run plans. */
public final class TargetOptions {

    @Option(names = "--target-rps", paramLabel = "RPS",
            description = "Goodput the service must reach, recorded for the verdict; above 0, at most 1e9"
                    + " (default: 20000).")
    Double targetRps;

    @Option(names = "--sla-p99", paramLabel = "D",
            description = "Latency SLA at p99, 1ms to 1h (default: 250ms).")
    String slaP99;

    @Option(names = "--delay", paramLabel = "D",
            description = "Handler delay of the target, 1ms to 1h (default: 200ms).")
    String delay;

    @Option(names = "--timeout", paramLabel = "D",
            description = "wrk's --timeout: slower responses count as timeouts; 1ms to 1h (default: 2s).")
    String timeout;

    @Option(names = "--ready-timeout", paramLabel = "D",
            description = "How long the target may take to answer after it starts, 1s to 1h (default: 30s).")
    String readyTimeout;

    @Option(names = "--lua", negatable = true,
            description = "Count responses per status code with wrk's Lua hook for exact goodput (default: on;"
                    + " --no-lua estimates goodput and spares wrk's CPU).")
    Boolean lua;

    SweepValues over(SweepValues base) {
        SweepValues set = SweepValues.NONE;
        set = targetRps == null ? set : set.withTargetRps(targetRps);
        set = slaP99 == null ? set : set.withSlaP99(slaP99);
        set = delay == null ? set : set.withDelay(delay);
        set = timeout == null ? set : set.withTimeout(timeout);
        set = readyTimeout == null ? set : set.withReadyTimeout(readyTimeout);
        set = lua == null ? set : set.withLua(lua);
        return set.over(base);
    }
}
