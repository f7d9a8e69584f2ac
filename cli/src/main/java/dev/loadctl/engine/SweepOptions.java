package dev.loadctl.engine;

import dev.loadctl.launch.Generators;
import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.preflight.Requirement;
import dev.loadctl.launch.TargetLauncher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a sweep needs to know, already validated. The command line is one implementation
 * (profile values overlaid by flags); tests and other front ends can supply their own. {@link Plans}
 * turns them into the engine's plan.
 */
public interface SweepOptions {

    /** Names the result folder: {@code <out>/<yyyyMMdd-HHmmss>-<profile>/}. */
    String profileName();

    /** Server thread counts, one point each, in this order. */
    List<Integer> threads();

    int connections();

    /** Length of each measured wrk run. */
    Duration duration();

    /** Length of the unrecorded wrk run before a point's iterations; zero skips it. */
    Duration warmup();

    int iterations();

    /** wrk's -t; null matches each point's server thread count. */
    Integer wrkThreads();

    double targetRps();

    Duration slaP99();

    /** The handler delay asked of the server. */
    Duration delay();

    /** wrk's --timeout: a response slower than this counts as a timeout. */
    Duration timeout();

    String host();

    int port();

    /** The path wrk loads, for example {@code /ping/}. */
    String path();

    /** Run wrk with the bundled Lua script that counts responses per status code. */
    boolean lua();

    /**
     * With the script, spread each connection's first request over the handler's delay (the script's
     * {@code delay()} hook), so that closed-loop connections do not arrive in lock-step; it costs wrk about
     * 5 µs more CPU per response. Off, every connection's first request goes at once, as wrk alone sends them.
     */
    boolean stagger();

    /** How long a target may take to answer before the sweep gives up on it. */
    Duration readyTimeout();

    /** The folder that receives one sub-folder per sweep and the {@code latest} link. */
    Path outDir();

    TargetLauncher target();

    /** What the target needs on this machine (a profile's {@code requires}). */
    List<Requirement> requirements();

    /** The server command as the profile wrote it, for preflight; empty for the bundled server. */
    List<String> serverCommand();

    /**
     * The flags that changed what the profile asked for, flag name to value ({@code connections: 500}); they
     * name the result folder and are recorded with the parameters. Empty when the profile runs as written.
     */
    default Map<String, String> overrides() {
        return Map.of();
    }

    /** Where wrk runs: one process here unless the options say otherwise. */
    default Generators generators() {
        return Generators.ONE_LOCAL;
    }

    default int wrkThreadsFor(int serverThreads) {
        return wrkThreads() != null ? wrkThreads() : serverThreads;
    }

    default String url() {
        return "http://" + (host().contains(":") ? "[" + host() + "]" : host()) + ":" + port() + path();
    }

    /** What these options ask of the machine, for preflight. */
    default PreflightRequest preflightRequest() {
        return new PreflightRequest(connections(), threads(), wrkThreads(), host(), port(), serverCommand(),
                requirements(), generators(), target().serverHost());
    }

    /** How long each connection's first request may be held: the delay with {@link #stagger()}, else zero. */
    default Duration staggerStart() {
        return stagger() ? delay() : Duration.ZERO;
    }

    /** The load of a point with this many server threads. */
    default LoadShape loadFor(int serverThreads) {
        return new LoadShape(url(), connections(), wrkThreadsFor(serverThreads), duration(), warmup(), iterations(),
                timeout(), lua(), staggerStart());
    }

    /** A point of these options: {@code target} names it in a bench, null in a sweep. */
    default Probe probe(String target, int serverThreads) {
        return new Probe(target, target(), serverThreads, loadFor(serverThreads), host(), port(), readyTimeout());
    }
}
