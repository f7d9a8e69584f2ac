package dev.loadctl.cli;

import dev.loadctl.engine.Engine;
import dev.loadctl.engine.FixedPlan;
import dev.loadctl.options.BenchSettings;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.report.Overrides;
import dev.loadctl.report.ReportFormats;
import dev.loadctl.report.Reporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Compare servers: a sweep over targets, not only over threads. For each connection count, every"
                + " target of the bench profile (a sweep profile and its thread counts) is swept in turn under the"
                + " same wrk settings; wrk's -t is the machine's cores for every point unless the profile sets"
                + " wrk-threads.",
                "Results: OUT/<yyyyMMdd-HHmmss>-<profile>/result.json (flags that change the profile are added to"
                        + " the name: bench+c1000+d5s), every point of every target, rewritten after every point."
                        + " The table, the ratios and the goals are the report's: printed at the end, and again"
                        + " with 'loadctl report DIR' (--markdown for docs).",
                "A target whose server is missing is skipped with how to install it; a point that fails is recorded"
                        + " and the bench goes on. Ctrl-C stops wrk and the server and keeps the finished points"
                        + " (complete=false, exit 130).",
                "Defaults are the bench profile's (profiles/bench.yaml); flags override them for every target.", ""})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME|FILE.yaml",
            description = "Bench profile: targets, connection counts, shared wrk settings and goals (default: bench).")
    String profile;

    @Option(names = "--connections", split = ",", paramLabel = "C",
            description = "wrk connection counts, every target runs at each, each 1 to 10,000,000, e.g."
                    + " 1000,5000,10000 (default: the profile's).")
    List<Integer> connections;

    @Mixin
    RunLengthOptions runLength;

    @Mixin
    StaggerOption stagger;

    @Mixin
    GeneratorOptions generator;

    @Mixin
    OutDirOption outDir;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        FixedPlan plan = BenchSettings.resolve(ProfileCatalog.standard(), profile, flags(), connections,
                outDir.outDir);
        Engine engine = new Engine(plan, new BenchConsole(spec.commandLine().getOut(), plan.bench()));
        return StopOnSignal.run(engine::requestStop, () -> {
            Engine.Outcome outcome = engine.run();
            spec.commandLine().getOut().println();
            Reporter.run(new Reporter.Request(List.of(outcome.resultFile().getParent()),
                            EnumSet.of(ReportFormats.Kind.TEXT), false, null, Overrides.NONE),
                    spec.commandLine().getOut(), err);
            return outcome.firstFailure().code();
        }, err);
    }

    /** The wrk settings given, as a layer over the bench profile's. */
    SweepValues flags() {
        return generator.over(stagger.over(runLength.over(SweepValues.NONE)));
    }
}
