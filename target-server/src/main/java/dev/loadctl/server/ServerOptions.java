package dev.loadctl.server;

/**
 * Everything that shapes one server run. The compact constructor rejects nonsense with a message that names the
 * flag, so the CLI can show it as a one-line usage error.
 *
 * @param host        address to listen on
 * @param port        TCP port; 0 picks a free one
 * @param ioThreads   Undertow IO (event-loop) threads
 * @param delayMillis how long {@code /ping/} waits before answering
 * @param mode        how the wait is done
 * @param workers     blocking mode's worker pool size (ignored in async mode, where no request uses a worker)
 * @param backlog     listen backlog asked of the kernel (capped by net.core.somaxconn)
 */
public record ServerOptions(String host, int port, int ioThreads, long delayMillis, Mode mode, int workers,
                            int backlog) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final long DEFAULT_DELAY_MILLIS = 200;
    /** Undertow's own default is 8 workers per IO thread; one IO thread is the default here. */
    public static final int DEFAULT_WORKERS = 8;
    /** Enough for a burst of 20,000 connects, the load the origin's wrk runs used. */
    public static final int DEFAULT_BACKLOG = 20_000;
    /**
     * Each IO thread is an event loop with a selector of its own (two open files); past a few per core they only
     * take turns. 4 x 1024 leaves room for any machine loadctl runs on and refuses typos such as 100000 before
     * the JVM tries to create them. loadctl refuses more too (dev.loadctl.Bounds).
     */
    public static final int MAX_IO_THREADS = 4 * 1024;

    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must name an address, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535 (0 picks a free port), got " + port);
        }
        if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("--threads must be 1.." + MAX_IO_THREADS + " (IO threads, each an "
                    + "event loop of its own), got " + ioThreads);
        }
        if (delayMillis < 0) {
            throw new IllegalArgumentException("--delay must not be negative, got " + delayMillis + "ms");
        }
        if (mode == null) {
            throw new IllegalArgumentException("--mode must be async or blocking");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("--backlog must be at least 1, got " + backlog);
        }
    }

    /** The defaults the CLI documents: 127.0.0.1:8000, one IO thread, async, 200 ms. */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, 1, DEFAULT_DELAY_MILLIS, Mode.ASYNC, DEFAULT_WORKERS,
                DEFAULT_BACKLOG);
    }

    public ServerOptions withPort(int newPort) {
        return new ServerOptions(host, newPort, ioThreads, delayMillis, mode, workers, backlog);
    }

    public ServerOptions withIoThreads(int newIoThreads) {
        return new ServerOptions(host, port, newIoThreads, delayMillis, mode, workers, backlog);
    }

    public ServerOptions withDelayMillis(long newDelayMillis) {
        return new ServerOptions(host, port, ioThreads, newDelayMillis, mode, workers, backlog);
    }

    public ServerOptions withBlockingWorkers(int newWorkers) {
        return new ServerOptions(host, port, ioThreads, delayMillis, Mode.BLOCKING, newWorkers, backlog);
    }
}
