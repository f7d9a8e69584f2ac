package dev.loadctl.options;

import dev.loadctl.Bounds;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.engine.CapacityPlan;
import dev.loadctl.engine.SweepOptions;
import dev.loadctl.preflight.ConnectionLimits;
import dev.loadctl.preflight.MachineFacts;
import dev.loadctl.profile.CapacityValues;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.CapacitySetup.ConnectionLimit;
import dev.loadctl.result.Rules;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A capacity search, resolved: a sweep profile's target, thread counts and SLA (its {@code sweep:} block under
 * the flags, as {@code loadctl sweep} resolves them), the search's own values (its {@code capacity:} block under
 * the flags, over {@link #DEFAULTS}), and the most connections this machine lets a probe open.
 *
 * <p>With the defaults each thread count's fresh server warms 30 s, a probe is 3 s measured, a confirmation 5 s,
 * and the final measurement 3 runs of 5 s: the default search (1, 2, 4, 8 threads, 20,000/s, a 200 ms handler)
 * took 6-7 minutes on two cores (docs/capacity.md, "Time").
 */
public final class CapacitySettings {

    public static final CapacityValues DEFAULTS = CapacityValues.NONE
            .withMaxErrorRate(percent(Rules.MAX_ERROR_RATE)).withProbeDuration("3s").withProbeWarmup("0s")
            .withServerWarmup("30s").withConfirmDuration("5s").withConfirmIterations(3).withResolution("5%")
            .withGrowth(1.4).withHeadroom(1.1);

    /** Without a handler delay Little's law gives no starting point; the search then starts here. */
    static final int START_WITHOUT_DELAY = 100;

    private CapacitySettings() {
    }

    /** The plan on this machine: its open-files limit and port range bound the connections. */
    public static CapacityPlan resolve(ProfileCatalog catalog, String profileArgument, SweepValues sweepFlags,
                                       CapacityValues capacityFlags, Path outDir) {
        return resolve(SweepSettings.loadProfile(catalog, profileArgument), sweepFlags, capacityFlags, outDir,
                MachineFacts.current());
    }

    /** The plan for a machine described by {@code machine} (tests pass their own). */
    public static CapacityPlan resolve(Optional<Profile> profile, SweepValues sweepFlags, CapacityValues capacityFlags,
                                       Path outDir, MachineFacts machine) {
        CapacityValues values = capacityFlags.over(profile.map(Profile::capacity).orElse(CapacityValues.NONE))
                .over(DEFAULTS);
        // Resolved once for the threads, wrk's -t and the target; again below with the limit as connections,
        // which a target gets as its listen backlog ({connections} in a profile's command).
        SweepSettings first = SweepSettings.resolve(profile, sweepFlags, outDir);
        int mostWrkThreads = first.threads().stream().mapToInt(first::wrkThreadsFor).max().orElse(1);
        int mostThreads = Collections.max(first.threads());
        ConnectionLimit limit = limit(values.maxConnections(), ConnectionLimits.of(machine, mostWrkThreads,
                mostThreads, first.serverCommand().isEmpty()));
        if (limit.connections() < mostWrkThreads) {
            throw usage(String.format(Locale.ROOT, "the search may open at most %,d connections (%s), fewer than"
                    + " the %d wrk threads: wrk needs one per thread", limit.connections(), limit.text(),
                    mostWrkThreads));
        }
        // The limit as connections is the search's own choice, not a flag: the first resolution's overrides stand.
        SweepOptions options = SweepSettings.resolve(profile, SweepValues.NONE.withConnections(limit.connections())
                .over(sweepFlags), outDir).withOverrides(ChangedFlags.merged(first.overrides(), ChangedFlags.between(
                capacityFlags, profile.map(Profile::capacity).orElse(CapacityValues.NONE).over(DEFAULTS))));
        double delayMs = options.delay().toNanos() / 1e6;
        double headroom = atLeast("--headroom", values.headroom(), 1);
        long needed = Rules.connectionsFor(options.targetRps(), delayMs);
        long start = delayMs > 0 ? (long) Math.ceil(needed * headroom - 1e-9) : START_WITHOUT_DELAY;
        int startConnections = (int) Math.max(mostWrkThreads, Math.min(limit.connections(), start));
        double growth = values.growth();
        if (!(growth > 1) || growth > 10) {
            throw usage("--growth must be above 1 and at most 10, got " + values.growth());
        }
        int iterations = values.confirmIterations();
        if (iterations < 1) {
            throw usage("--confirm-iterations must be at least 1, got " + iterations);
        }
        CapacitySetup setup = new CapacitySetup(startConnections, headroom, growth,
                share("--resolution", values.resolution(), false),
                share("--max-error-rate", values.maxErrorRate(), true),
                seconds("--probe-duration", values.probeDuration(), Duration.ofSeconds(1)),
                seconds("--probe-warmup", values.probeWarmup(), Duration.ZERO),
                seconds("--server-warmup", values.serverWarmup(), Duration.ZERO),
                seconds("--confirm-duration", values.confirmDuration(), Duration.ofSeconds(1)), iterations, limit);
        return new CapacityPlan(options, setup);
    }

    /** The lowest of {@code --max-connections} and the machine's limits. */
    private static ConnectionLimit limit(Integer maxConnections, List<ConnectionLimit> machine) {
        List<ConnectionLimit> limits = new ArrayList<>(machine);
        if (maxConnections != null) {
            if (maxConnections < 1) {
                throw usage("--max-connections must be at least 1, got " + maxConnections);
            }
            limits.add(new ConnectionLimit(maxConnections, ConnectionLimit.MAX_CONNECTIONS,
                    String.format(Locale.ROOT, "--max-connections %,d", maxConnections)));
        }
        return limits.stream().min(Comparator.comparingInt(ConnectionLimit::connections)).orElse(
                new ConnectionLimit(Integer.MAX_VALUE, ConnectionLimit.PORTS, "no limit known"));
    }

    /**
     * A share as {@code 0.1%} or {@code 0.001}: above 0 and below 1 (an error limit may be 0).
     */
    static double share(String flag, String text, boolean zeroAllowed) {
        String trimmed = text == null ? "" : text.trim();
        double value;
        try {
            value = trimmed.endsWith("%")
                    ? Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim()) / 100
                    : Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw usage(flag + ": '" + text + "' is not a share; write it as 0.1% or 0.001");
        }
        if (!(value >= 0) || value >= 1 || (!zeroAllowed && value == 0)) {
            throw usage(flag + " must be " + (zeroAllowed ? "from 0" : "above 0") + " and below 100%, got " + text);
        }
        return value;
    }

    private static double seconds(String flag, String text, Duration minimum) {
        return Bounds.duration(flag, text, minimum, Bounds.MAX_RUN).toNanos() / 1e9;
    }

    private static double atLeast(String flag, Double value, double minimum) {
        if (value == null || !(value >= minimum)) {
            throw usage(flag + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%s%%", new BigDecimal(Double.toString(share * 100))
                .stripTrailingZeros().toPlainString());
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
