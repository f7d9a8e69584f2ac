package dev.loadctl.cli;

import dev.loadctl.Bounds;
import dev.loadctl.ExitCode;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.Wrk;
import dev.loadctl.wrk.WrkInvocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run wrk once against a URL and read its output right: goodput (timely 2xx per second),"
                + " not Requests/sec; errors by kind; status codes (bundled Lua script); one verdict line.",
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

    @Option(names = "--json", paramLabel = "FILE|-",
            description = "Write the result JSON (docs/result-schema.md) to FILE, or to stdout with -. FILE is"
                    + " checked before wrk runs.")
    String json;

    @Override
    public Integer call() {
        // Bounds (docs/sweep.md, "Options") and the output, before wrk runs for as long as it was asked to.
        Bounds.threads("--threads", threads);
        Bounds.connections("--connections", connections);
        if (wrkThreads != null) {
            Bounds.threads("--wrk-threads", wrkThreads);
        }
        WrkInvocation invocation = new WrkInvocation(url, wrkThreads == null ? threads : wrkThreads, connections,
                Bounds.duration("--duration", duration, Duration.ofMillis(1), Bounds.MAX_RUN),
                Bounds.duration("--timeout", timeout, Duration.ofMillis(1), Bounds.MAX_WAIT), !noLua);
        RunOutput.requireWritable(json);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("loadctl: running %s%n", String.join(" ", invocation.command(Wrk.executable(),
                invocation.lua() ? Path.of("loadctl.lua") : null)));
        err.flush();

        WrkResult result = Wrk.run(invocation).withServerThreads(threads);
        RunOutput.write(result, json, false, spec.commandLine().getOut(), err);
        return ExitCode.OK.code();
    }
}
