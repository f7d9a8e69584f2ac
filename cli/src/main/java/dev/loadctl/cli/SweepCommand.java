package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.Engine;
import dev.loadctl.engine.Plans;
import dev.loadctl.engine.SweepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a sweep over server thread counts: for each, start the target, warm up, measure with wrk,"
                + " stop it. Results go to OUT/<yyyyMMdd-HHmmss>-<profile>/result.json after every point;"
                + " OUT/latest links to the newest.",
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

    @Option(names = "--duration", paramLabel = "D",
            description = "Each measured wrk run, 1s to 24h, e.g. 30s (default: 30s).")
    String duration;

    @Option(names = "--warmup", paramLabel = "D",
            description = "Unrecorded wrk run before each point's iterations, 0s to 24h (default: 5s; 0s skips"
                    + " it).")
    String warmup;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Measured runs per point; more than one gives mean ± error (default: 1).")
    Integer iterations;

    @Option(names = "--target-rps", paramLabel = "RPS",
            description = "Goodput the service must reach, recorded for the verdict; above 0, at most 1e9"
                    + " (default: 20000).")
    Double targetRps;

    @Option(names = "--sla-p99", paramLabel = "D", description = "Latency SLA at p99, 1ms to 1h (default: 250ms).")
    String slaP99;

    @Option(names = "--delay", paramLabel = "D",
            description = "Handler delay of the target, 1ms to 1h (default: 200ms).")
    String delay;

    @Option(names = "--timeout", paramLabel = "D",
            description = "wrk's --timeout: slower responses count as timeouts; 1ms to 1h (default: 2s).")
    String timeout;

    @Option(names = "--ready-timeout", paramLabel = "D",
            description = "How long the target may take to answer after it starts, 1s to 1h (default: 30s).")
    String readyTimeout;

    @Option(names = "--lua", negatable = true,
            description = "Count responses per status code with wrk's Lua hook for exact goodput (default: on;"
                    + " --no-lua estimates goodput and spares wrk's CPU).")
    Boolean lua;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
            description = "Results folder (default: reports).")
    Path outDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepOptions options = CliSweepOptions.resolve(
                CliSweepOptions.loadProfile(ProfileCatalog.standard(), shape.profile), flags(), outDir);
        Engine engine = new Engine(Plans.sweep(options), SweepConsole.create(out, System.console() != null));
        return StopOnSignal.run(engine::requestStop, () -> {
            engine.run();
            return ExitCode.OK.code();
        }, err);
    }

    private SweepValues flags() {
        return new SweepValues(null, null, duration, warmup, iterations, null, targetRps, slaP99, delay, timeout,
                null, null, lua, readyTimeout).over(shape.values());
    }
}
