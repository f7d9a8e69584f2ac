package dev.loadctl.options;

import dev.loadctl.Durations;
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
import dev.loadctl.launch.TargetLauncher;

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
                       Duration readyTimeout, Path outDir, TargetLauncher target, List<Requirement> requirements,
                       List<String> serverCommand) implements SweepOptions {

    /** Loopback only: wrk and the server share this machine. */
    public static final String HOST = "127.0.0.1";

    public static final SweepValues DEFAULTS = SweepValues.NONE.withThreads(List.of(1, 2, 4, 8)).withConnections(20_000)
            .withDuration("30s").withWarmup("5s").withIterations(1).withTargetRps(20_000.0).withSlaP99("250ms")
            .withDelay("200ms").withTimeout("2s").withPort(8000).withPath("/ping/").withLua(true)
            .withReadyTimeout("30s");

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
        SweepValues values = flags.over(profile.map(Profile::sweep).orElse(SweepValues.NONE)).over(DEFAULTS);
        List<Integer> threads = List.copyOf(values.threads());
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t == null || t < 1)) {
            throw usage("--threads must list thread counts of 1 or more, for example 1,2,4,8");
        }
        int connections = atLeast("--connections", values.connections(), 1);
        int iterations = atLeast("--iterations", values.iterations(), 1);
        Integer wrkThreads = values.wrkThreads() == null ? null : atLeast("--wrk-threads", values.wrkThreads(), 1);
        int port = atLeast("--port", values.port(), 1);
        if (port > 65_535) {
            throw usage("--port must be 1-65535, got " + port);
        }
        if (values.targetRps() <= 0) {
            throw usage("--target-rps must be above 0, got " + values.targetRps());
        }
        if (!values.path().startsWith("/")) {
            throw usage("path must start with /, got '" + values.path() + "'");
        }
        Duration duration = duration("--duration", values.duration(), Duration.ofSeconds(1));
        Duration delay = duration("--delay", values.delay(), Duration.ZERO);
        String profileName = profile.map(Profile::name).orElse(ProfileCatalog.DEFAULT_PROFILE);
        TargetLauncher target = profile.flatMap(Profile::serverCommand)
                .<TargetLauncher>map(server -> new CommandTarget(server,
                        placeholders(profile.get(), connections, port, delay), HOST, port, values.path()))
                .orElseGet(() -> new BundledTarget(HOST, port, delay, connections, values.path()));
        return new SweepSettings(profileName, threads, connections, duration,
                duration("--warmup", values.warmup(), Duration.ZERO), iterations, wrkThreads, values.targetRps(),
                duration("--sla-p99", values.slaP99(), Duration.ofMillis(1)), delay,
                duration("--timeout", values.timeout(), Duration.ofMillis(1)), HOST, port, values.path(),
                values.lua(), duration("--ready-timeout", values.readyTimeout(), Duration.ofSeconds(1)), outDir,
                target, profile.map(Profile::requires).orElse(List.of()),
                profile.flatMap(Profile::serverCommand).map(server -> server.command()).orElse(List.of()));
    }

    private static Map<String, String> placeholders(Profile profile, int connections, int port, Duration delay) {
        Map<String, String> values = new HashMap<>();
        values.put("port", Integer.toString(port));
        values.put("host", HOST);
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

    static Duration duration(String flag, String text, Duration minimum) {
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (LoadctlException e) {
            throw usage(flag + ": " + e.getMessage());
        }
        if (duration.compareTo(minimum) < 0) {
            throw usage(flag + " must be at least " + (minimum.toMillis() % 1000 == 0
                    ? minimum.toSeconds() + "s" : minimum.toMillis() + "ms") + ", got " + text);
        }
        return duration;
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
