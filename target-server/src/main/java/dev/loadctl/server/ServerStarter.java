package dev.loadctl.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.util.DateUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Builds and starts the Undertow server. Kept apart from the picocli command so that picocli's reflection over the
 * command class does not load Undertow and XNIO before the flags are even parsed.
 */
final class ServerStarter {

    private static final int ASYNC_MODE_WORKER_THREADS = 1;
    /**
     * Undertow's default for a heap of 256 MB or more is 16 KB per buffer; a request here is under 200 bytes and
     * BUFFER_PIPELINED_DATA may hold one buffer per connection while its request waits, so 10,000 connections
     * would pin 160 MB of direct memory. 4 KB still takes any request wrk or curl sends in one read.
     */
    private static final int BUFFER_BYTES = 4096;
    private static final int BUFFER_THREAD_LOCAL_CACHE = 4;
    /** Undertow's own setting: connection accounting never throttles accepts. */
    private static final int CONNECTION_WATER_MARK = OpenFiles.UNBOUNDED_CONNECTIONS;
    /** An epoll selector: the epoll descriptor and the eventfd that wakes it. */
    private static final int FILES_PER_IO_THREAD = 2;

    /** Held strongly: java.util.logging keeps only weak references, and a collected logger forgets its level. */
    private static final Logger[] QUIETED_LOGGERS = {
        Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss")};
    /** XNIO's accept warnings come from here; held strongly for the same reason. */
    private static final Logger XNIO_NIO_LOGGER = Logger.getLogger("org.xnio.nio");
    /** One per JVM, like the logger it filters: servers started in one process share it. */
    private static final AcceptFailures ACCEPT_FAILURES = new AcceptFailures(System.err);

    private static volatile Thread warmUp;

    private ServerStarter() {
    }

    /**
     * Work that start-up needs done but not on its path, run on a thread of its own while the flags are parsed and
     * the server starts: XNIO registers its worker as an MBean, and creating the platform MBean server takes a good
     * part of the start-up time; and the time-zone data (see {@link #loadTimeZoneData()}) must be read before the
     * process can run out of files. {@code main} calls this, and {@link #awaitWarmUp()} before it says it is
     * ready; a server started in-process does without.
     */
    static void warmUpInBackground() {
        Thread thread = new Thread(() -> {
            ManagementFactory.getPlatformMBeanServer();
            loadTimeZoneData();
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
        warmUp = thread;
    }

    /** Returns once the background warm-up, if one was started, is done: normally long before start-up is. */
    static void awaitWarmUp() throws InterruptedException {
        Thread thread = warmUp;
        if (thread != null) {
            thread.join();
        }
    }

    static RunningServer start(ServerOptions options) throws ListenFailedException {
        for (Logger logger : QUIETED_LOGGERS) {
            logger.setLevel(Level.WARNING); // Undertow and XNIO announce start and stop at INFO on stderr
        }
        XNIO_NIO_LOGGER.setFilter(ACCEPT_FAILURES);
        ServerStats stats = new ServerStats();
        XnioWorker worker = createWorker(options);
        // Undertow.start()'s own HTTP listener set-up, written out so that each connection passes through
        // CloseOffIoThread before Undertow's open listener takes it. Unlike Undertow.start(), no NO_REQUEST_TIMEOUT:
        // it re-arms a timer on every connection after every response (2-3% of the IO thread at -c10000), and
        // a load-test target lives for one run, whose client keeps every connection busy.
        HttpOpenListener openListener = new HttpOpenListener(
                new DefaultByteBufferPool(true, BUFFER_BYTES, -1, BUFFER_THREAD_LOCAL_CACHE),
                OptionMap.builder()
                        .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                        .getMap());
        openListener.setRootHandler(new Router(pingHandler(options, stats), stats));
        CloseOffIoThread closer = new CloseOffIoThread();
        int connectionCap = OpenFiles.connectionCap(); // after the IO threads' selectors are open
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, options.backlog())
                // Stop accepting before the open-files limit would make accept fail, and start again as soon as a
                // connection closes: XNIO's back-off after a failed accept grows to 30 s, water marks have none.
                .set(Options.CONNECTION_HIGH_WATER, connectionCap)
                .set(Options.CONNECTION_LOW_WATER, connectionCap)
                .getMap();
        ChannelListener<StreamConnection> connections = LazyReadSuspend.wrap(closer.wrap(openListener));
        AcceptingChannel<StreamConnection> listener;
        try {
            listener = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(options.host()), options.port()),
                    ChannelListeners.openListenerAdapter(connection -> {
                        ACCEPT_FAILURES.accepted();
                        connections.handleEvent(connection);
                    }),
                    socketOptions);
        } catch (IOException | RuntimeException e) {
            closer.close();
            worker.shutdownNow();
            throw listenFailure(options, e);
        }
        listener.resumeAccepts();
        return new RunningServer(listener, closer, worker, listener.getLocalAddress(InetSocketAddress.class),
                stats, options);
    }

    /**
     * The first response's Date header and the first log line's time stamp each read one of the JDK's time-zone
     * files. If that happens while the process is out of open files, the class that holds those zones fails to
     * initialise, and every later response (or log line) fails with it for the life of the process. Read both
     * at start, while files are free. The first response would read the first anyway, so this only moves it.
     */
    static void loadTimeZoneData() {
        DateUtils.toDateString(new Date()); // java.util.TimeZone's zones: Undertow's Date header
        ZonedDateTime.now(); // java.time's zone rules: java.util.logging's SimpleFormatter
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
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // OutOfMemoryError: "unable to create native thread", the thread limit, not the heap.
            throw new ListenFailedException(workerFailure(options.ioThreads(), e), e);
        }
    }

    private static String workerFailure(int ioThreads, Throwable failure) {
        String start = "cannot start " + ioThreads + " IO threads: ";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String reason = String.valueOf(cause.getMessage());
            if (reason.contains("Too many open files")) {
                return start + "the open-files limit ran out (" + OpenFiles.describeLimit() + "; each IO thread "
                        + "holds " + FILES_PER_IO_THREAD + " for its selector): raise the limit or pass fewer "
                        + "--threads";
            }
            if (cause instanceof OutOfMemoryError) {
                return start + "the system refused another thread (" + reason + "; see ulimit -u and "
                        + "/proc/sys/kernel/threads-max): pass fewer --threads";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return start + root;
    }

    private static HttpHandler pingHandler(ServerOptions options, ServerStats stats) {
        return options.mode() == Mode.ASYNC
                ? new AsyncPingHandler(options.delayMillis(), stats)
                : new BlockingPingHandler(options.delayMillis(), stats);
    }

    private static ListenFailedException listenFailure(ServerOptions options, Exception failure) {
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
