package dev.loadctl.cli;

import dev.loadctl.Bounds;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.wrk.RunGoals;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * What a run is judged against: the goodput target, the p99 SLA and the handler's delay. A sweep's, a bench's
 * and a capacity search's flags ({@link TargetOptions}), and those {@code run} and {@code parse} judge one wrk
 * run with, with the sweep's defaults.
 */
public final class RunGoalOptions {

    @Option(names = "--target-rps", paramLabel = "RPS",
            description = "Goodput the service must reach; above 0, at most 1e9 (default: 20000).")
    Double targetRps;

    @Option(names = "--sla-p99", paramLabel = "D",
            description = "Latency SLA at p99, 1ms to 1h (default: 250ms).")
    String slaP99;

    @Option(names = "--delay", paramLabel = "D",
            description = "Handler delay of the target, which with the connections sets the Little's-law ceiling"
                    + " (connections / delay); 1ms to 1h (default: 200ms).")
    String delay;

    /** The goals, checked against the same bounds as a sweep's. */
    RunGoals resolve() {
        double target = Bounds.targetRps("--target-rps",
                targetRps != null ? targetRps : SweepSettings.DEFAULTS.targetRps());
        Duration sla = Bounds.duration("--sla-p99", slaP99 != null ? slaP99 : SweepSettings.DEFAULTS.slaP99(),
                Duration.ofMillis(1), Bounds.MAX_WAIT);
        Duration handler = Bounds.duration("--delay", delay != null ? delay : SweepSettings.DEFAULTS.delay(),
                Duration.ofMillis(1), Bounds.MAX_WAIT);
        return new RunGoals(target, sla.toNanos() / 1e6, handler.toNanos() / 1e6);
    }
}
