package dev.loadctl.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The bundled load-test target: {@code GET /ping/} answers {@code {"status":"ok"}} after a fixed delay, like the
 * FastAPI service whose capacity loadctl measures. Use {@link #start(ServerOptions)} in-process, or {@code main}
 * as a child process (loadctl does): it prints one ready line on stdout and exits 0 on SIGINT/SIGTERM.
 */
@Command(name = "loadctl-target-server", sortOptions = false, usageHelpWidth = 100,
        description = {
            "The bundled load-test target. GET /ping/ answers {\"status\":\"ok\"} after --delay;",
            "GET /health answers at once; GET /stats reports requestsServed, requestsInFlight and",
            "server-side latencyMs percentiles of /ping/. Prints one ready line on stdout when it accepts.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGINT/SIGTERM, or stdin closed with --exit-on-stdin-close",
            "1:could not start, and one line says why: the address cannot be bound (port in use, address not on "
                    + "this machine) or the IO threads cannot be created (open-files or thread limit)",
            "2:bad flag or value, such as --threads outside 1.." + ServerOptions.MAX_IO_THREADS})
public final class TargetServer implements Callable<Integer> {

    static final String NAME = "loadctl-target-server";

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = ServerOptions.DEFAULT_HOST, paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}: a load-test target is not "
                    + "exposed to the network unless asked).")
    private String host;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "PORT",
            description = "TCP port (default: ${DEFAULT-VALUE}); 0 picks a free port, and the ready line "
                    + "names the real one.")
    private int port;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Undertow IO (event-loop) threads, 1.." + ServerOptions.MAX_IO_THREADS
                    + " (default: ${DEFAULT-VALUE}). The analogue of uvicorn's --workers. Each holds two open files "
                    + "for its selector.")
    private int threads;

    @Option(names = "--delay", defaultValue = "200ms", paramLabel = "DELAY", converter = DelayConverter.class,
            description = "How long /ping/ waits before answering: 200ms, 0.2s or a bare number of "
                    + "milliseconds (default: ${DEFAULT-VALUE}).")
    private long delayMillis;

    @Option(names = "--mode", defaultValue = "async", paramLabel = "async|blocking", converter = ModeConverter.class,
            description = "async (default): a timer on the IO thread, no thread waits, one thread holds "
                    + "thousands of requests. blocking: thread-per-request, sleeping on a pool of --workers "
                    + "threads, so throughput is capped at about W / delay.")
    private Mode mode;

    @Option(names = "--workers", paramLabel = "W",
            description = "Worker pool size for --mode blocking (default: "
                    + ServerOptions.DEFAULT_WORKERS + "). Async mode uses no workers and rejects this flag.")
    private Integer workers;

    @Option(names = "--backlog", defaultValue = "20000", paramLabel = "B",
            description = "Listen backlog (default: ${DEFAULT-VALUE}, enough for a burst of 20,000 connects). "
                    + "The kernel caps it at net.core.somaxconn (see /proc/sys/net/core/somaxconn; raise it "
                    + "with sysctl -w net.core.somaxconn=N).")
    private int backlog;

    @Option(names = "--exit-on-stdin-close",
            description = "Exit 0 when stdin reaches end of file, i.e. when the parent that started this "
                    + "server has died; loadctl always passes it so no orphan keeps the port.")
    private boolean exitOnStdinClose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    public static void main(String[] args) {
        // Before any Undertow class loads: skips jboss-logging's search for log4j/logback on the classpath.
        System.setProperty("org.jboss.logging.provider", "jdk");
        ServerStarter.warmUpInBackground();
        System.exit(run(args));
    }

    /** Parses the flags and runs the server until it is told to stop; returns the exit code. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new TargetServer());
        commandLine.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println(NAME + ": " + ex.getMessage());
            failed.usage(err);
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerOptions options = validatedOptions();
        RunningServer server;
        try {
            server = start(options);
        } catch (ListenFailedException e) {
            System.err.println(NAME + ": " + e.getMessage());
            return 1;
        }
        // A backstop for ways out other than the signals handled below (SIGHUP, System.exit elsewhere).
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "target-server-shutdown"));
        CountDownLatch stopRequested = new CountDownLatch(1);
        StopSignals.install(stopRequested::countDown);
        if (exitOnStdinClose) {
            watchStdin(stopRequested);
        }
        ServerStarter.awaitWarmUp();
        System.out.println(server.readyLine());
        System.out.flush();
        stopRequested.await();
        server.close();
        return 0;
    }

    private ServerOptions validatedOptions() {
        if (workers != null && mode == Mode.ASYNC) {
            throw new ParameterException(spec.commandLine(),
                    "--workers only applies to --mode blocking: async mode hands no request to a worker");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(),
                    "--host '" + host + "' does not resolve: give an address such as 127.0.0.1");
        }
        try {
            return new ServerOptions(host, port, threads, delayMillis, mode,
                    workers == null ? ServerOptions.DEFAULT_WORKERS : workers, backlog);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Starts a server and returns once its listener accepts connections.
     *
     * @throws ListenFailedException when the address cannot be bound; the message is one line naming host, port
     *                               and what to do
     */
    public static RunningServer start(ServerOptions options) throws ListenFailedException {
        return ServerStarter.start(options);
    }

    private static void watchStdin(CountDownLatch stopRequested) {
        Thread watcher = new Thread(() -> {
            byte[] discarded = new byte[256];
            InputStream in = System.in;
            try {
                while (in.read(discarded) >= 0) {
                    // Anything written to stdin is ignored; only its end matters.
                }
            } catch (IOException closed) {
                // An unreadable stdin means the parent is gone, just like EOF.
            }
            stopRequested.countDown();
        }, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    static final class DelayConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Delays.parseMillis(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
