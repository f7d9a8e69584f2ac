package dev.loadctl.options;

import dev.loadctl.Bounds;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.engine.FixedPlan;
import dev.loadctl.engine.Plans;
import dev.loadctl.engine.Probe;
import dev.loadctl.engine.SweepOptions;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.preflight.PreflightReport.Outcome;
import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.profile.BenchValues;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.BenchSetup.TargetStatus;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.SweepParameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A bench, resolved: a bench profile's targets, each one of its sweep profiles, under wrk settings
 * they all share. What a target profile contributes is its server: its command (or the bundled server),
 * {@code requires:} and ready-timeout. Everything wrk does (duration, warm-up, -t, --timeout, the Lua
 * script, the delay asked of the server) comes from the bench profile and the flags, never from a target's
 * profile, so every target is measured the same way.
 *
 * <p>wrk's -t is the same for every point of every target: the bench profile's {@code wrk-threads}, or by
 * default the machine's cores. Matching -t to each point's server threads (as a sweep does) would give a
 * 1-thread point a weaker load generator than a 2-thread point, and wrk would become the limit there first.
 *
 * <p>The plan: for each connection count, each target whose server is installed, each of its thread counts.
 * A target whose server is missing is recorded as skipped, with its fix.
 */
public final class BenchSettings {

    public static final String DEFAULT_PROFILE = "bench";

    private BenchSettings() {
    }

    /**
     * @param flags       shared values from the command line (duration, warm-up, port, ...)
     * @param connections {@code --connections}; null for the profile's list
     */
    public static FixedPlan resolve(ProfileCatalog catalog, String profileArgument, SweepValues flags,
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
        counts.forEach(count -> Bounds.connections("--connections", count));
        Bounds.outDir("--out", outDir);
        SweepValues shared = flags.over(bench.sweep());
        int machineCores = Runtime.getRuntime().availableProcessors();
        int wrkThreads = shared.wrkThreads() != null ? shared.wrkThreads() : machineCores;
        String wrkThreadsRule = shared.wrkThreads() != null
                ? (flags.wrkThreads() != null ? "--wrk-threads" : "the bench profile's wrk-threads")
                : "the machine's cores, for every target and thread count";
        // Every point runs wrk with this -t: one connection count too small would fail mid-bench, after results
        // were written, so it is refused here.
        Bounds.threads("--wrk-threads", wrkThreads);
        Bounds.wrkThreadsFit(shared.wrkThreads() != null ? "--wrk-threads" : "wrk threads (the machine's cores)",
                wrkThreads, counts);

        // Every target's options at every count, resolved now: a bad value fails before any load.
        List<TargetStatus> statuses = new ArrayList<>();
        List<List<SweepOptions>> measured = new ArrayList<>();
        for (BenchValues.Target target : values.targets()) {
            Profile server = serverOf(catalog, target, bench);
            SweepValues pointValues = SweepValues.NONE.withThreads(target.threads()).withWrkThreads(wrkThreads)
                    .over(shared);
            List<SweepOptions> atCounts = counts.stream().map(count -> (SweepOptions) SweepSettings.resolve(
                    Optional.of(server), withConnections(pointValues, count), outDir)).toList();
            TargetStatus status = status(target, atCounts.get(0));
            statuses.add(status);
            if (BenchSetup.MEASURED.equals(status.status())) {
                measured.add(atCounts);
            }
        }
        List<Probe> probes = new ArrayList<>();
        for (int c = 0; c < counts.size(); c++) {
            for (int t = 0; t < measured.size(); t++) {
                SweepOptions options = measured.get(t).get(c);
                String name = statuses.stream().filter(s -> BenchSetup.MEASURED.equals(s.status()))
                        .toList().get(t).name();
                options.threads().forEach(threads -> probes.add(options.probe(name, threads)));
            }
        }
        SweepOptions first = (measured.isEmpty() ? List.of(SweepSettings.resolve(Optional.empty(),
                withConnections(shared, counts.get(0)), outDir)) : measured.get(0)).get(0);
        TreeSet<Integer> allThreads = new TreeSet<>();
        values.targets().forEach(target -> allThreads.addAll(target.threads()));
        int mostConnections = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        SweepParameters base = Plans.parameters(first);
        SweepParameters parameters = new SweepParameters(List.copyOf(allThreads), mostConnections,
                base.durationSeconds(), base.warmupSeconds(), base.iterations(), wrkThreads, base.targetRps(),
                base.slaP99Ms(), base.delayMs(), base.timeoutSeconds(), "bench", base.url(), base.lua(), base.stagger(),
                overrides(flags, connections, bench));
        BenchSetup setup = new BenchSetup(counts, values.subjectName(), wrkThreads, wrkThreadsRule, statuses,
                values.goals());
        // One set of generators for the whole bench, enough for its most connections.
        SweepSettings most = SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withConnections(mostConnections)
                .withThreads(List.copyOf(allThreads)).withWrkThreads(wrkThreads).over(shared), outDir);
        PreflightRequest preflight = new PreflightRequest(mostConnections, List.copyOf(allThreads), wrkThreads,
                first.host(), first.port(), List.of(), List.of(), most.generators(), first.target().serverHost());
        return new FixedPlan(SweepResult.KIND_BENCH, bench.name(), outDir, parameters, setup, preflight, probes, true);
    }

    /** The flags that changed the bench profile: its connection counts, or the wrk settings it shares. */
    private static Map<String, String> overrides(SweepValues flags, List<Integer> connections, Profile bench) {
        Map<String, String> changed = new LinkedHashMap<>(ChangedFlags.between(flags,
                bench.sweep().over(SweepSettings.DEFAULTS)));
        if (connections != null && !connections.equals(bench.bench().connections())) {
            changed.put("connections", connections.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return changed;
    }

    /**
     * Skipped when its server program or a requirement is missing (on its server host, over ssh, when it runs on
     * one); the first failure says how to fix it.
     */
    private static TargetStatus status(BenchValues.Target target, SweepOptions options) {
        List<Outcome> checks = options.target().serverHost() == null
                ? Preflight.targetChecks(options.serverCommand(), options.requirements())
                : Preflight.serverHostChecks(options.preflightRequest());
        Optional<Outcome> missing = checks.stream().filter(Outcome::failed).findFirst();
        return new TargetStatus(target.name(), target.profile(), target.threads(), options.target().description(),
                missing.isPresent() ? BenchSetup.SKIPPED : BenchSetup.MEASURED,
                missing.map(outcome -> outcome.check().message()).orElse(null),
                missing.map(outcome -> outcome.check().fix()).orElse(null));
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
        SweepValues readyTimeoutOnly = SweepValues.NONE.withReadyTimeout(profile.sweep().readyTimeout());
        return new Profile(profile.name(), profile.file(), profile.description(), readyTimeoutOnly, profile.server(),
                profile.requires());
    }

    private static SweepValues withConnections(SweepValues values, int connections) {
        return SweepValues.NONE.withConnections(connections).over(values);
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
