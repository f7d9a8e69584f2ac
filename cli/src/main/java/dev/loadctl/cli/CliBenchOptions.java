package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.profile.BenchValues;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.BenchResult.BenchParameters;
import dev.loadctl.engine.BenchPlan;
import dev.loadctl.engine.BenchTarget;
import dev.loadctl.engine.SweepOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line's bench: a bench profile's targets, each one of its sweep profiles, under wrk settings
 * they all share. What a target profile contributes is its server: its command (or the bundled server),
 * {@code requires:} and ready-timeout. Everything wrk does (duration, warm-up, -t, --timeout, the Lua
 * script, the delay asked of the server) comes from the bench profile and the flags, never from a target's
 * profile, so every target is measured the same way.
 *
 * <p>wrk's -t is the same for every point of every target: the bench profile's {@code wrk-threads}, or by
 * default the machine's cores. Matching -t to each point's server threads (as a sweep does) would give a
 * 1-thread point a weaker load generator than a 2-thread point, and wrk would become the limit there first.
 */
final class CliBenchOptions {

    static final String DEFAULT_PROFILE = "bench";

    private CliBenchOptions() {
    }

    /**
     * @param flags       shared values from the command line (duration, warm-up, port, ...)
     * @param connections {@code --connections}; null for the profile's list
     */
    static BenchPlan resolve(ProfileCatalog catalog, String profileArgument, SweepValues flags,
                             List<Integer> connections, Path outDir) {
        Profile bench = catalog.load(profileArgument == null ? DEFAULT_PROFILE : profileArgument);
        if (!bench.isBench()) {
            throw usage("profile '" + bench.name() + "' is a sweep profile (it has no bench: section): run it with"
                    + " loadctl sweep --profile " + bench.name() + ", or name a bench profile such as "
                    + DEFAULT_PROFILE);
        }
        BenchValues values = bench.bench();
        List<Integer> counts = connections != null ? List.copyOf(connections) : values.connections();
        if (counts.isEmpty() || counts.stream().anyMatch(c -> c == null || c < 1)) {
            throw usage("--connections must list connection counts of 1 or more, for example 1000,5000,10000");
        }
        SweepValues shared = flags.over(bench.sweep());
        int machineCores = Runtime.getRuntime().availableProcessors();
        int wrkThreads = shared.wrkThreads() != null ? shared.wrkThreads() : machineCores;
        String wrkThreadsRule = shared.wrkThreads() != null
                ? (flags.wrkThreads() != null ? "--wrk-threads" : "the bench profile's wrk-threads")
                : "the machine's cores, for every target and thread count";

        List<BenchTarget> targets = new ArrayList<>();
        for (BenchValues.Target target : values.targets()) {
            Profile server = serverOf(catalog, target, bench);
            SweepValues pointValues = new SweepValues(target.threads(), null, null, null, null, wrkThreads, null,
                    null, null, null, null, null, null, null).over(shared);
            BenchTarget benchTarget = new BenchTarget(target.name(), server.name(), target.threads(),
                    (count, folder) -> CliSweepOptions.resolve(Optional.of(server), withConnections(pointValues, count),
                            outDir, folder));
            // Bad values (a duration, a template path) fail here, before the first of many minutes of load.
            benchTarget.sweepAt(counts.get(0), null);
            targets.add(benchTarget);
        }
        SweepOptions first = targets.get(0).sweepAt(counts.get(0), null);
        BenchParameters parameters = new BenchParameters(counts, seconds(first.duration()),
                seconds(first.warmup()), first.iterations(), wrkThreads, wrkThreadsRule,
                first.delay().toNanos() / 1e6, seconds(first.timeout()), first.slaP99().toNanos() / 1e6, first.lua(),
                first.path(), values.subjectName());
        return new BenchPlan(bench.name(), outDir, targets, values.goals(), parameters);
    }

    /**
     * The target's sweep profile reduced to its server: its command, requirements and ready-timeout stay;
     * its load shape is dropped so that the bench's applies to every target alike.
     */
    private static Profile serverOf(ProfileCatalog catalog, BenchValues.Target target, Profile bench) {
        Profile profile;
        try {
            profile = catalog.load(target.profile());
        } catch (LoadctlException e) {
            throw usage("bench profile " + bench.name() + ", target " + target.name() + ": " + e.getMessage());
        }
        if (profile.isBench()) {
            throw usage("bench profile " + bench.name() + ", target " + target.name() + ": '" + profile.name()
                    + "' is a bench profile itself; name a sweep profile");
        }
        SweepValues readyTimeoutOnly = new SweepValues(null, null, null, null, null, null, null, null, null, null,
                null, null, null, profile.sweep().readyTimeout());
        return new Profile(profile.name(), profile.file(), profile.description(), readyTimeoutOnly, profile.server(),
                profile.requires());
    }

    private static SweepValues withConnections(SweepValues values, int connections) {
        return new SweepValues(null, connections, null, null, null, null, null, null, null, null, null, null, null,
                null).over(values);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
