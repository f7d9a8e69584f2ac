package dev.loadctl.cli;

import dev.loadctl.Bounds;
import dev.loadctl.Durations;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.engine.LoadGenerator;
import dev.loadctl.engine.LoadGenerators;
import dev.loadctl.engine.LoadShape;
import dev.loadctl.launch.Generators;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.preflight.PreflightRequest;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.RunGoals;
import dev.loadctl.wrk.Wrk;
import dev.loadctl.wrk.WrkInvocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run wrk once against a URL and read its output right: goodput (timely 2xx per second),"
                + " not Requests/sec; errors by kind; status codes (bundled Lua script); the Little's-law ceiling;"
                + " one verdict line, judged as a sweep judges a point (--target-rps, --sla-p99).",
                "The summary goes to stdout (to stderr with --json -)."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8000/ping/", paramLabel = "URL",
            description = "What wrk loads (default: ${DEFAULT-VALUE}, the bundled server's /ping/).")
    String url;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
            description = "Server thread count under test, 1 to 4096: recorded in the result as serverThreads, and"
                    + " wrk's -t unless --wrk-threads is given (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--connections", defaultValue = "100", paramLabel = "C",
            description = "wrk's -c, connections kept open, 1 to 10,000,000 and at least the wrk threads"
                    + " (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "D",
            description = "wrk's -d, 1ms to 24h: 500ms, 30s, 2m; wrk takes whole seconds, so it is rounded up"
                    + " (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--timeout", defaultValue = "2s", paramLabel = "D",
            description = "wrk's --timeout, 1ms to 1h: slower responses are timeouts, not goodput, and are left out"
                    + " of wrk's latency figures; whole seconds (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--wrk-threads", paramLabel = "W",
            description = "wrk's -t, 1 to 4096 (default: the same as --threads).")
    Integer wrkThreads;

    @Option(names = "--no-lua",
            description = "Plain wrk, without the bundled script: no status codes, so goodput is an estimate.")
    boolean noLua;

    @Mixin
    StaggerOption stagger;

    @Option(names = "--json", paramLabel = "FILE|-",
            description = "Write the result JSON (docs/result-schema.md) to FILE, or to stdout with -. FILE is"
                    + " checked before wrk runs.")
    String json;

    @Mixin
    RunGoalOptions goals;

    @Mixin
    GeneratorHostOptions generatorHosts;

    @Override
    public Integer call() {
        // Bounds (docs/sweep.md, "Options") and the output, before wrk runs for as long as it was asked to.
        Bounds.threads("--threads", threads);
        Bounds.connections("--connections", connections);
        if (wrkThreads != null) {
            Bounds.threads("--wrk-threads", wrkThreads);
        }
        RunGoals judgedBy = goals.resolve();
        // The staggered start spreads the first requests over the handler's delay, as sweep's points do.
        WrkInvocation invocation = new WrkInvocation(url, wrkThreads == null ? threads : wrkThreads, connections,
                Bounds.duration("--duration", duration, Duration.ofMillis(1), Bounds.MAX_RUN),
                Bounds.duration("--timeout", timeout, Duration.ofMillis(1), Bounds.MAX_WAIT), !noLua,
                stagger.on() ? Duration.ofNanos(Math.round(judgedBy.delayMs() * 1e6)) : Duration.ZERO);
        RunOutput.requireWritable(json);
        PrintWriter err = spec.commandLine().getErr();
        Generators generators = SweepSettings.generators(generatorHosts.over(SweepValues.NONE), connections,
                invocation.threads());
        WrkResult result;
        if (generators.single()) {
            err.printf("loadctl: running %s%n", String.join(" ", invocation.command(Wrk.executable(),
                    invocation.lua() ? Path.of("loadctl.lua") : null)));
            err.flush();
            result = Wrk.run(invocation).withServerThreads(threads);
        } else {
            result = runGenerators(generators, invocation, err).withServerThreads(threads);
        }
        RunOutput.write(result, judgedBy, json, false, spec.commandLine().getOut(), err);
        return ExitCode.OK.code();
    }

    /**
     * Several wrk processes, here or on generator hosts: the hosts are checked first (ssh, wrk, limits; exit 3
     * on a failure), then the load URL from each; Ctrl-C and SIGTERM stop every wrk, remote ones included.
     */
    private static WrkResult runGenerators(Generators generators, WrkInvocation invocation, PrintWriter err) {
        URI uri = URI.create(invocation.url());
        PreflightRequest request = new PreflightRequest(invocation.connections(), List.of(invocation.threads()),
                invocation.threads(), uri.getHost(), uri.getPort(), List.of(), List.of(), generators);
        Preflight.generatorChecks(request).forEach(outcome -> {
            if (outcome.failed()) {
                throw new LoadctlException(outcome.failureCode(), outcome.check().message()
                        + (outcome.check().fix() == null ? "" : ": " + outcome.check().fix()));
            }
        });
        err.printf("loadctl: running wrk -t%d -c%d -d%s on %d generators (%s)%s%n", invocation.threads(),
                invocation.connections(), Durations.forWrk(invocation.duration()), generators.count(),
                generators.rule(), generators.remote() ? ": " + generators.hosts() : " on this machine");
        err.flush();
        LoadShape shape = new LoadShape(invocation.url(), invocation.connections(), invocation.threads(),
                invocation.duration(), Duration.ZERO, 1, invocation.timeout(), invocation.lua(),
                invocation.staggerStart());
        LoadGenerator generator = LoadGenerators.of(generators);
        Thread hook = new Thread(generator::stop, "loadctl-stop-generators");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            generator.targetReady(shape);
            return generator.measure(shape, invocation.duration());
        } finally {
            generator.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is what stops the generators now.
            }
        }
    }
}
