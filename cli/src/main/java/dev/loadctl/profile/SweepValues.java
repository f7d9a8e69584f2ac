package dev.loadctl.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One layer of sweep option values, named as the command-line flags: a profile's {@code sweep:} block,
 * the flags given on the command line, or the built-in defaults. Null means "not set in this layer".
 * Durations stay text here ({@code 30s}, {@code 200ms}) and are parsed when the layers are resolved, so
 * the error can say which value was wrong.
 */
public record SweepValues(
        List<Integer> threads,
        Integer connections,
        String duration,
        String warmup,
        Integer iterations,
        @JsonProperty("wrk-threads") Integer wrkThreads,
        @JsonProperty("target-rps") Double targetRps,
        @JsonProperty("sla-p99") String slaP99,
        String delay,
        String timeout,
        Integer port,
        String path,
        Boolean lua,
        Boolean stagger,
        @JsonProperty("ready-timeout") String readyTimeout,
        Integer generators,
        @JsonProperty("generator-hosts") List<String> generatorHosts,
        @JsonProperty("ssh-config") String sshConfig,
        @JsonProperty("ssh-options") List<String> sshOptions,
        @JsonProperty("server-address") String serverAddress,
        @JsonProperty("server-host") String serverHost) {

    public static final SweepValues NONE =
            new SweepValues(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null);

    // Withers: one layer is built value by value (SweepValues.NONE.withDuration("3s")), never from a row of nulls.

    public SweepValues withThreads(List<Integer> value) {
        return new SweepValues(value, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withConnections(Integer value) {
        return new SweepValues(threads, value, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withDuration(String value) {
        return new SweepValues(threads, connections, value, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withWarmup(String value) {
        return new SweepValues(threads, connections, duration, value, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withIterations(Integer value) {
        return new SweepValues(threads, connections, duration, warmup, value, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withWrkThreads(Integer value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, value, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withTargetRps(Double value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, value, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withSlaP99(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, value, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withDelay(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, value, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withTimeout(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, value, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withPort(Integer value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, value, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withPath(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, value, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withLua(Boolean value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, value, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withStagger(Boolean value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, value, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withReadyTimeout(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, value, generators, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withGenerators(Integer value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, value, generatorHosts, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withGeneratorHosts(List<String> value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, value, sshConfig, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withSshConfig(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, value, sshOptions, serverAddress, serverHost);
    }

    public SweepValues withSshOptions(List<String> value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, value, serverAddress, serverHost);
    }

    public SweepValues withServerAddress(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, value, serverHost);
    }

    public SweepValues withServerHost(String value) {
        return new SweepValues(threads, connections, duration, warmup, iterations, wrkThreads, targetRps, slaP99, delay, timeout, port, path, lua, stagger, readyTimeout, generators, generatorHosts, sshConfig, sshOptions, serverAddress, value);
    }

    /** These values where set, otherwise {@code base}'s. */
    public SweepValues over(SweepValues base) {
        return new SweepValues(
                pick(threads, base.threads), pick(connections, base.connections), pick(duration, base.duration),
                pick(warmup, base.warmup), pick(iterations, base.iterations), pick(wrkThreads, base.wrkThreads),
                pick(targetRps, base.targetRps), pick(slaP99, base.slaP99), pick(delay, base.delay),
                pick(timeout, base.timeout), pick(port, base.port), pick(path, base.path), pick(lua, base.lua),
                pick(stagger, base.stagger), pick(readyTimeout, base.readyTimeout), pick(generators, base.generators),
                pick(generatorHosts, base.generatorHosts), pick(sshConfig, base.sshConfig),
                pick(sshOptions, base.sshOptions), pick(serverAddress, base.serverAddress),
                pick(serverHost, base.serverHost));
    }

    private static <T> T pick(T top, T base) {
        return top != null ? top : base;
    }
}
