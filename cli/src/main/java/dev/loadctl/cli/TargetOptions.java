package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the service must do and how the target is judged and started: shared by the commands that run plans. */
public final class TargetOptions {

    /** The SLA, the target and the delay, as {@code run} and {@code parse} take them too. */
    @Mixin
    RunGoalOptions goals;

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

    @Mixin
    StaggerOption stagger;

    SweepValues over(SweepValues base) {
        SweepValues set = SweepValues.NONE;
        set = goals.targetRps == null ? set : set.withTargetRps(goals.targetRps);
        set = goals.slaP99 == null ? set : set.withSlaP99(goals.slaP99);
        set = goals.delay == null ? set : set.withDelay(goals.delay);
        set = timeout == null ? set : set.withTimeout(timeout);
        set = readyTimeout == null ? set : set.withReadyTimeout(readyTimeout);
        set = lua == null ? set : set.withLua(lua);
        return stagger.over(set).over(base);
    }
}
