package dev.loadctl.server;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/** A started server: where it listens, its figures, and a graceful {@link #close()}. */
public final class RunningServer implements AutoCloseable {

    /** After the delay has passed, in-flight requests get this much longer to be answered before the stop. */
    private static final long DRAIN_GRACE_MILLIS = 1_000;
    private static final long WORKER_STOP_MILLIS = 2_000;

    private final AcceptingChannel<StreamConnection> listener;
    private final CloseOffIoThread closer;
    private final XnioWorker worker;
    private final InetSocketAddress address;
    private final ServerStats stats;
    private final ServerOptions options;
    private boolean closed;

    RunningServer(AcceptingChannel<StreamConnection> listener, CloseOffIoThread closer, XnioWorker worker, InetSocketAddress address, ServerStats stats,
                  ServerOptions options) {
        this.listener = listener;
        this.closer = closer;
        this.worker = worker;
        this.address = address;
        this.stats = stats;
        this.options = options;
    }

    /** The port actually bound (the real one when the options asked for port 0). */
    public int port() {
        return address.getPort();
    }

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:8000}. */
    public String baseUrl() {
        InetAddress ip = address.getAddress();
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return "http://" + host + ":" + port();
    }

    public ServerOptions options() {
        return options;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The line printed once the listener accepts; loadctl waits for it. */
    public String readyLine() {
        StringBuilder line = new StringBuilder("loadctl-target-server ready on ").append(baseUrl())
                .append(" threads=").append(options.ioThreads())
                .append(" mode=").append(options.mode().label())
                .append(" delay=").append(Delays.format(options.delayMillis()))
                .append(" backlog=").append(options.backlog());
        if (options.mode() == Mode.BLOCKING) {
            line.append(" workers=").append(options.workers());
        }
        return line.toString();
    }

    /**
     * Closes the listener first (new connects are refused), gives requests already in flight their delay plus a
     * grace period to be answered, then stops the IO and worker threads. Safe to call twice and from a shutdown
     * hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IoUtils.safeClose(listener); // new connects are refused from here on
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(options.delayMillis() + DRAIN_GRACE_MILLIS);
        try {
            while (stats.requestsInFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            worker.shutdownNow();
            worker.awaitTermination(WORKER_STOP_MILLIS, TimeUnit.MILLISECONDS);
            closer.close();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
