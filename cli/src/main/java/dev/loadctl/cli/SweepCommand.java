package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.Engine;
import dev.loadctl.engine.Plans;
import dev.loadctl.engine.SweepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a sweep over server thread counts: for each, start the target, warm up, measure with wrk,"
                + " stop it. Results go to OUT/<yyyyMMdd-HHmmss>-<profile>/result.json after every point (flags"
                + " that change the profile are added to the name: default+t1,2+c500); OUT/latest links to the"
                + " newest.",
                "Ctrl-C stops wrk and the server and keeps the finished points (complete=false, exit 130).",
                "If loadctl is killed with SIGKILL, the bundled server exits on its own (its stdin closes),"
                        + " a profile's server gets SIGTERM, and where the target has a cgroup (root, cgroup v2)"
                        + " everything it started is killed 10 s later; a running wrk ends after its --duration.",
                "Defaults are the default profile's; --profile replaces them and flags override both.", ""})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoadShapeOptions shape;

    @Mixin
    RunLengthOptions runLength;

    @Mixin
    TargetOptions target;

    @Mixin
    OutDirOption outDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepOptions options = SweepSettings.resolve(
                SweepSettings.loadProfile(ProfileCatalog.standard(), shape.profile), flags(), outDir.outDir);
        Engine engine = new Engine(Plans.sweep(options), SweepConsole.create(out, System.console() != null));
        return StopOnSignal.run(engine::requestStop, () -> {
            engine.run();
            return ExitCode.OK.code();
        }, err);
    }

    /** The flags given, as a layer over the profile. */
    SweepValues flags() {
        return target.over(runLength.over(shape.values()));
    }
}
