package dev.loadctl.engine;

import dev.loadctl.launch.TargetLauncher;

import java.time.Duration;

/**
 * One point of a plan: a target at one server thread count under one load. The engine starts the
 * target, waits until it answers, warms up, measures, stops it and checks that its port is free.
 *
 * @param target       the bench target's name; null in a sweep (its one target)
 * @param launcher     how to start the target for this thread count
 * @param host         where the target listens, for the port-free check after it stops
 * @param readyTimeout how long the target may take to answer once started
 */
public record Probe(String target, TargetLauncher launcher, int threads, LoadShape load, String host, int port,
                    Duration readyTimeout) {

    /** "2 threads", or "nginx -c5000, 2 threads" in a bench: how progress and errors name the point. */
    public String label() {
        String threadsText = threads + (threads == 1 ? " thread" : " threads");
        return target == null ? threadsText : target + " -c" + load.connections() + ", " + threadsText;
    }
}
