package dev.loadctl.server;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Builds and starts the Undertow server. Kept apart from the picocli command so that picocli's reflection over the
 * command class does not load Undertow and XNIO before the flags are even parsed.
 */
final class ServerStarter {

    private static final int ASYNC_MODE_WORKER_THREADS = 1;
    /** Undertow's own setting: connection accounting never throttles accepts. */
    private static final int CONNECTION_WATER_MARK = 1_000_000;

    /** Held strongly: java.util.logging keeps only weak references, and a collected logger forgets its level. */
    private static final Logger[] QUIETED_LOGGERS = {
        Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss")};

    private ServerStarter() {
    }

    /**
     * XNIO registers its worker as an MBean, and creating the platform MBean server takes a good part of the
     * start-up time. Starting that in the background while the flags are parsed keeps the ready line early.
     */
    static void warmUpInBackground() {
        Thread warmUp = new Thread(ManagementFactory::getPlatformMBeanServer, "jmx-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    static RunningServer start(ServerOptions options) throws ListenFailedException {
        for (Logger logger : QUIETED_LOGGERS) {
            logger.setLevel(Level.WARNING); // Undertow and XNIO announce start and stop at INFO on stderr
        }
        ServerStats stats = new ServerStats();
        XnioWorker worker = createWorker(options);
        Undertow undertow = Undertow.builder()
                // Our own worker, so that stop() closes only the listener and close() can drain before the end.
                .setWorker(worker)
                .setSocketOption(Options.BACKLOG, options.backlog())
                .addHttpListener(options.port(), options.host())
                .setHandler(new Router(pingHandler(options, stats), stats))
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            worker.shutdownNow();
            throw listenFailure(options, e);
        }
        InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        return new RunningServer(undertow, worker, bound, stats, options);
    }

    private static XnioWorker createWorker(ServerOptions options) throws ListenFailedException {
        int workerThreads = options.mode() == Mode.BLOCKING ? options.workers() : ASYNC_MODE_WORKER_THREADS;
        // The options Undertow sets on a worker it creates itself.
        OptionMap workerOptions = OptionMap.builder()
                .set(Options.WORKER_NAME, "target-server")
                .set(Options.WORKER_IO_THREADS, options.ioThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
                .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
                .set(Options.CONNECTION_HIGH_WATER, CONNECTION_WATER_MARK)
                .set(Options.CONNECTION_LOW_WATER, CONNECTION_WATER_MARK)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap();
        try {
            return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(workerOptions);
        } catch (IOException | IllegalArgumentException e) {
            throw new ListenFailedException("cannot start " + options.ioThreads() + " IO threads: " + e, e);
        }
    }

    private static HttpHandler pingHandler(ServerOptions options, ServerStats stats) {
        return options.mode() == Mode.ASYNC
                ? new AsyncPingHandler(options.delayMillis(), stats)
                : new BlockingPingHandler(options.delayMillis(), stats);
    }

    private static ListenFailedException listenFailure(ServerOptions options, RuntimeException failure) {
        String where = options.host() + ":" + options.port();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                String reason = String.valueOf(bind.getMessage());
                if (reason.toLowerCase(Locale.ROOT).contains("in use")) {
                    return new ListenFailedException("cannot listen on " + where + ": port " + options.port()
                            + " is already in use; stop the process holding it (ss -ltnp 'sport = :"
                            + options.port() + "' names it) or pass another --port (0 picks a free one)", failure);
                }
                return new ListenFailedException("cannot listen on " + where + ": " + reason
                        + "; check that --host is an address of this machine", failure);
            }
        }
        return new ListenFailedException("cannot listen on " + where + ": " + failure.getMessage(), failure);
    }
}
