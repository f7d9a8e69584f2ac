package dev.loadctl.cli;

import dev.loadctl.engine.CapacityPlan;
import dev.loadctl.engine.Engine;
import dev.loadctl.options.CapacitySettings;
import dev.loadctl.profile.CapacityValues;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.report.Overrides;
import dev.loadctl.report.ReportFormats;
import dev.loadctl.report.Reporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {"Find the capacity at each server thread count: the most timely 2xx/s whose run meets the"
                + " SLA (p99 within --sla-p99, errors within --max-error-rate, wrk not saturated), and the"
                + " connections where it was found. Starts where Little's law says --target-rps needs, grows the"
                + " connections while probes pass, bisects between the last pass and the first failure, confirms"
                + " that failure, and measures the capacity again (--confirm-iterations runs, mean ± error).",
                "Every probe is saved in OUT/<yyyyMMdd-HHmmss>-<profile>-capacity/result.json as it ends (flags that"
                        + " change the profile are added to the name: default-capacity+t1,2); the verdict (REACHED"
                        + " with N threads, or why not at each) is printed at the end and again with 'loadctl report"
                        + " DIR'. Ctrl-C keeps the finished probes (complete=false, exit 130).",
                "Defaults: the profile's sweep: values (threads, target-rps, sla-p99, delay, ...) and its capacity:"
                        + " values; flags override both (docs/capacity.md).", ""})
public final class CapacityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME|FILE.yaml",
            description = "Scenario from profiles/ or a YAML file: the target, thread counts, SLA (sweep:) and the"
                    + " search's values (capacity:). Default: default.")
    String profile;

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Server thread counts, one search each, e.g. 1,2,4,8 (default: the profile's; 1,2,4,8).")
    List<Integer> threads;

    @Option(names = "--max-error-rate", paramLabel = "SHARE",
            description = "The SLA's error limit, e.g. 0.1%% or 0.001 (default: 0.1%%).")
    String maxErrorRate;

    @Option(names = "--max-connections", paramLabel = "C",
            description = "The most connections a probe may open (default: what the open-files limit and the ports"
                    + " allow).")
    Integer maxConnections;

    @Option(names = "--probe-duration", paramLabel = "D", description = "Each search probe's run (default: 3s).")
    String probeDuration;

    @Option(names = "--probe-warmup", paramLabel = "D",
            description = "Unrecorded run before every probe, confirmation and final (default: 0s).")
    String probeWarmup;

    @Option(names = "--server-warmup", paramLabel = "D",
            description = "Unrecorded load a fresh server gets at each thread count before its first probe, in"
                    + " runs as long as a probe (default: 30s; 0s skips it).")
    String serverWarmup;

    @Option(names = "--confirm-duration", paramLabel = "D",
            description = "A confirmation's run and each final run (default: 5s).")
    String confirmDuration;

    @Option(names = "--confirm-iterations", paramLabel = "N",
            description = "Runs of the final measurement of the capacity (default: 3).")
    Integer confirmIterations;

    @Option(names = "--resolution", paramLabel = "SHARE",
            description = "Bisect until the failing connections are within this share above the passing ones"
                    + " (default: 5%%).")
    String resolution;

    @Option(names = "--growth", paramLabel = "F",
            description = "Factor the connections grow by while probes pass (default: 1.4).")
    Double growth;

    @Mixin
    TargetOptions target;

    @Mixin
    GeneratorOptions generator;

    @Mixin
    OutDirOption outDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CapacityPlan plan = CapacitySettings.resolve(ProfileCatalog.standard(), profile, sweepFlags(),
                capacityFlags(), outDir.outDir);
        Engine engine = new Engine(plan, new CapacityConsole(out, plan));
        return StopOnSignal.run(engine::requestStop, () -> {
            Engine.Outcome outcome = engine.run();
            out.println();
            Reporter.run(new Reporter.Request(List.of(outcome.resultFile().getParent()),
                    EnumSet.of(ReportFormats.Kind.TEXT), false, null, Overrides.NONE), out, err);
            return outcome.firstFailure().code();
        }, err);
    }

    /** The flags the search shares with a sweep, as a layer over the profile's {@code sweep:} values. */
    SweepValues sweepFlags() {
        return target.over(generator.over(threads == null ? SweepValues.NONE : SweepValues.NONE.withThreads(threads)));
    }

    private CapacityValues capacityFlags() {
        CapacityValues set = CapacityValues.NONE;
        set = maxErrorRate == null ? set : set.withMaxErrorRate(maxErrorRate);
        set = maxConnections == null ? set : set.withMaxConnections(maxConnections);
        set = probeDuration == null ? set : set.withProbeDuration(probeDuration);
        set = probeWarmup == null ? set : set.withProbeWarmup(probeWarmup);
        set = serverWarmup == null ? set : set.withServerWarmup(serverWarmup);
        set = confirmDuration == null ? set : set.withConfirmDuration(confirmDuration);
        set = confirmIterations == null ? set : set.withConfirmIterations(confirmIterations);
        set = resolution == null ? set : set.withResolution(resolution);
        return growth == null ? set : set.withGrowth(growth);
    }
}
