package dev.loadctl.options;

import dev.loadctl.Bounds;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.preflight.Requirement;
import dev.loadctl.profile.LoadctlHome;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.SweepOptions;
import dev.loadctl.launch.BundledTarget;
import dev.loadctl.launch.CommandTarget;
import dev.loadctl.launch.Generators;
import dev.loadctl.launch.ServerHost;
import dev.loadctl.launch.SshHost;
import dev.loadctl.launch.SshSettings;
import dev.loadctl.launch.TargetLauncher;
import dev.loadctl.preflight.OpenFiles;
import dev.loadctl.preflight.OpenFilesControl;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.preflight.ProcFs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validated {@link SweepOptions}: built-in defaults, overlaid by the profile, overlaid by the flags (the
 * command line's, or any front end's). The defaults are the origin's question and equal {@code profiles/default.yaml} (a test keeps them equal).
 */
public record SweepSettings(String profileName, List<Integer> threads, int connections, Duration duration,
                       Duration warmup, int iterations, Integer wrkThreads, double targetRps, Duration slaP99,
                       Duration delay, Duration timeout, String host, int port, String path, boolean lua,
                       boolean stagger, Duration readyTimeout, Path outDir, TargetLauncher target,
                       List<Requirement> requirements, List<String> serverCommand, Generators generators,
                       Map<String, String> overrides)
        implements SweepOptions {

    /** Loopback by default: wrk and the server share this machine, and nothing else can reach the server. */
    public static final String HOST = "127.0.0.1";
    /** More wrk processes than this per host is a typo, not a plan. */
    static final int MOST_GENERATORS = 64;

    public static final SweepValues DEFAULTS = SweepValues.NONE.withThreads(List.of(1, 2, 4, 8)).withConnections(20_000)
            .withDuration("30s").withWarmup("5s").withIterations(1).withTargetRps(20_000.0).withSlaP99("250ms")
            .withDelay("200ms").withTimeout("2s").withPort(8000).withPath("/ping/").withLua(true)
            .withStagger(true).withReadyTimeout("30s");

    /** The named profile, or {@code default} when none is named (built-in defaults if it cannot be found). */
    public static Optional<Profile> loadProfile(ProfileCatalog catalog, String profileArgument) {
        if (profileArgument != null) {
            return Optional.of(requireSweepProfile(catalog.load(profileArgument)));
        }
        try {
            return Optional.of(catalog.load(ProfileCatalog.DEFAULT_PROFILE));
        } catch (LoadctlException notFound) {
            return Optional.empty();
        }
    }

    /** A bench profile names sweep profiles; it is not one itself. */
    public static Profile requireSweepProfile(Profile profile) {
        if (profile.isBench()) {
            throw usage("profile '" + profile.name() + "' is a bench profile (it has bench:): run it with loadctl bench"
                    + " --profile " + profile.name() + ", or name a sweep profile (see loadctl profiles)");
        }
        return profile;
    }

    public static SweepSettings resolve(Optional<Profile> profile, SweepValues flags, Path outDir) {
        SweepValues asWritten = profile.map(Profile::sweep).orElse(SweepValues.NONE).over(DEFAULTS);
        SweepValues values = flags.over(asWritten);
        // Bounds: every value is checked here, before anything starts or is written (docs/sweep.md, "Options").
        List<Integer> threads = Bounds.threadCounts("--threads", values.threads());
        int connections = Bounds.connections("--connections", values.connections());
        int iterations = atLeast("--iterations", values.iterations(), 1);
        Integer wrkThreads = values.wrkThreads() == null ? null : Bounds.threads("--wrk-threads", values.wrkThreads());
        int port = atLeast("--port", values.port(), 1);
        if (port > 65_535) {
            throw usage("--port must be 1-65535, got " + port);
        }
        double targetRps = Bounds.targetRps("--target-rps", values.targetRps());
        if (!values.path().startsWith("/")) {
            throw usage("path must start with /, got '" + values.path() + "'");
        }
        Bounds.outDir("--out", outDir);
        Duration duration = Bounds.duration("--duration", values.duration(), Duration.ofSeconds(1), Bounds.MAX_RUN);
        Duration delay = Bounds.duration("--delay", values.delay(), Duration.ofMillis(1), Bounds.MAX_WAIT);
        String profileName = profile.map(Profile::name).orElse(ProfileCatalog.DEFAULT_PROFILE);
        ServerHost serverHost = serverHost(values, profile);
        String host = serverAddress(values.serverAddress(), serverHost);
        Generators generators = generators(values, connections,
                wrkThreads != null ? wrkThreads : threads.stream().mapToInt(Integer::intValue).max().orElse(1));
        if (generators.remote() && values.serverAddress() == null && serverHost == null) {
            throw usage("generator hosts cannot reach the target at " + HOST + ", this machine's loopback: give"
                    + " --server-address ADDRESS, an address of this machine they can reach (the server listens only"
                    + " there; " + HOST + " itself only when the generator hosts are this machine)");
        }
        TargetLauncher target = profile.flatMap(Profile::serverCommand)
                .<TargetLauncher>map(server -> new CommandTarget(server,
                        placeholders(profile.get(), connections, host, port, delay), host, port, values.path(),
                        serverHost))
                .orElseGet(() -> new BundledTarget(host, port, delay, connections, values.path(), serverHost));
        return new SweepSettings(profileName, threads, connections, duration,
                Bounds.duration("--warmup", values.warmup(), Duration.ZERO, Bounds.MAX_RUN), iterations, wrkThreads,
                targetRps, Bounds.duration("--sla-p99", values.slaP99(), Duration.ofMillis(1), Bounds.MAX_WAIT), delay,
                Bounds.duration("--timeout", values.timeout(), Duration.ofMillis(1), Bounds.MAX_WAIT), host, port,
                values.path(), values.lua(), values.stagger(),
                Bounds.duration("--ready-timeout", values.readyTimeout(), Duration.ofSeconds(1), Bounds.MAX_WAIT),
                outDir,
                target, profile.map(Profile::requires).orElse(List.of()),
                profile.flatMap(Profile::serverCommand).map(server -> server.command()).orElse(List.of()),
                generators, ChangedFlags.between(flags, asWritten));
    }

    /** The same settings, recording {@code flags} as what changed the profile (a search adds its own flags). */
    public SweepSettings withOverrides(Map<String, String> flags) {
        return new SweepSettings(profileName, threads, connections, duration, warmup, iterations, wrkThreads,
                targetRps, slaP99, delay, timeout, host, port, path, lua, stagger, readyTimeout, outDir, target,
                requirements, serverCommand, generators, flags);
    }

    /**
     * Where the server runs over ssh: {@code --server-host}, else the profile's {@code server.host}; null for
     * this machine.
     */
    private static ServerHost serverHost(SweepValues values, Optional<Profile> profile) {
        if (values.serverHost() != null) {
            return new ServerHost(SshHost.parse(values.serverHost(), "--server-host"), sshSettings(values));
        }
        return profile.flatMap(Profile::serverHost)
                .map(given -> new ServerHost(SshHost.parse(given, "server.host"), sshSettings(values))).orElse(null);
    }

    /**
     * Where the target listens and wrk connects: {@code --server-address}; by default loopback, or the server
     * host's own name or address when it runs on one.
     */
    private static String serverAddress(String given, ServerHost serverHost) {
        if (given == null) {
            return serverHost == null ? HOST : serverHost.host().host();
        }
        String address = given.strip();
        if (address.isEmpty() || !address.matches("[A-Za-z0-9._:%-]+") || address.startsWith("-")) {
            throw usage("--server-address '" + given + "': expected an address of this machine (an IP address or a"
                    + " host name), for example 10.0.0.4");
        }
        return address;
    }

    /**
     * Where wrk runs: {@code --generator-host}s over ssh ({@code --generators} each), or {@code --generators}
     * processes here; without either, one here, or as many as the open-files limit needs to open every
     * connection ({@link Preflight#localGeneratorsFor}).
     */
    public static Generators generators(SweepValues values, int connections, int mostWrkThreads) {
        List<SshHost> hosts = values.generatorHosts() == null ? List.of()
                : values.generatorHosts().stream().map(SshHost::parse).toList();
        SshSettings ssh = sshSettings(values);
        if (values.generators() != null) {
            int n = values.generators();
            if (n < 1 || n > MOST_GENERATORS) {
                throw usage("--generators must be 1-" + MOST_GENERATORS + ", got " + n);
            }
            return new Generators(n, hosts, ssh, hosts.isEmpty() ? "--generators" : "--generators, on each host");
        }
        if (!hosts.isEmpty()) {
            return new Generators(1, hosts, ssh, "default: one on each host");
        }
        Optional<OpenFiles> limit = OpenFilesControl.ofThisProcess(ProcFs.system()).read();
        if (limit.isEmpty()) {
            return Generators.ONE_LOCAL;
        }
        int n = Preflight.localGeneratorsFor(limit.get().hard(), connections, mostWrkThreads);
        return n == 1 ? Generators.ONE_LOCAL : new Generators(n, List.of(), ssh, String.format(Locale.ROOT,
                "the open-files limit: one wrk can open at most %,d of the %,d connections (hard limit %,d, less its"
                        + " own 3 + 1 per thread)", Math.max(0, limit.get().hard() - 3 - mostWrkThreads), connections,
                limit.get().hard()));
    }

    private static SshSettings sshSettings(SweepValues values) {
        return new SshSettings(values.sshConfig() == null ? null : Path.of(values.sshConfig()), values.sshOptions());
    }

    private static Map<String, String> placeholders(Profile profile, int connections, String host, int port,
                                                    Duration delay) {
        Map<String, String> values = new HashMap<>();
        values.put("port", Integer.toString(port));
        values.put("host", host);
        values.put("delay_ms", Long.toString(delay.toMillis()));
        values.put("delay_seconds", String.format(Locale.ROOT, "%.3f", delay.toMillis() / 1000.0));
        values.put("connections", Integer.toString(connections));
        values.put("profile_dir", profile.file().getParent().toString());
        LoadctlHome.find().ifPresent(home -> values.put("server_dir", home.resolve("target-server").toString()));
        return values;
    }

    private static int atLeast(String flag, Integer value, int minimum) {
        if (value < minimum) {
            throw usage(flag + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
