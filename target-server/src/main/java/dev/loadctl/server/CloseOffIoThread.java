package dev.loadctl.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Closes connections whose client has gone away on a thread of its own instead of the IO thread.
 *
 * <p>Why: when XNIO closes a connection on its IO thread it cancels the selection key and then calls
 * {@code selector.selectNow()} at once (WorkerThread.cancelKey, unchanged up to XNIO 3.8.17), which re-reads every
 * ready descriptor, up to 1,024 per call. When wrk ends, all of its connections reach end-of-file together, so
 * closing N of them costs N such scans: with 5,000 connections the IO thread stalled for about two seconds, and a
 * load run started right after one ended got a fraction of its throughput. Closed from another thread, XNIO only
 * cancels the key and wakes the selector (both coalesce), and the JDK frees the descriptor at the next select.
 *
 * <p>How: a conduit at the bottom of each connection's read side sees the end-of-file first, or the read error
 * of a reset (a client that exits with a response still unread resets instead of closing: wrk at -c10000 does). It takes the
 * connection out of the selector (reads suspended, and kept suspended), reports "no data yet" to Undertow, and
 * hands the close to the closer thread.
 */
final class CloseOffIoThread implements AutoCloseable {

    private final ExecutorService closer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "target-server connection-closer");
        thread.setDaemon(true);
        return thread;
    });

    /** Wraps an open listener (Undertow's) so that every connection it gets closes on end-of-file elsewhere. */
    ChannelListener<StreamConnection> wrap(ChannelListener<? super StreamConnection> openListener) {
        return connection -> {
            connection.getSourceChannel().setConduit(
                    new EofConduit(connection.getSourceChannel().getConduit(), connection));
            openListener.handleEvent(connection);
        };
    }

    @Override
    public void close() {
        closer.shutdown();
        try {
            closer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeLater(StreamConnection connection) {
        try {
            closer.execute(() -> IoUtils.safeClose(connection));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            IoUtils.safeClose(connection);
        }
    }

    private final class EofConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
        private final StreamConnection connection;
        /** Only the connection's IO thread reads, so no synchronisation is needed. */
        private boolean endOfFile;

        EofConduit(StreamSourceConduit next, StreamConnection connection) {
            super(next);
            this.connection = connection;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (endOfFile) {
                return 0;
            }
            try {
                return checked(next.read(dst));
            } catch (IOException reset) {
                return endOfFileSeen();
            }
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) {
            if (endOfFile) {
                return 0;
            }
            try {
                return checked(next.read(dsts, offs, len));
            } catch (IOException reset) {
                return endOfFileSeen();
            }
        }

        private long checked(long bytesRead) {
            return bytesRead == -1 ? endOfFileSeen() : bytesRead;
        }

        private int checked(int bytesRead) {
            return bytesRead == -1 ? endOfFileSeen() : bytesRead;
        }

        private int endOfFileSeen() {
            endOfFile = true;
            // Out of epoll so the descriptor is not reported ready again meanwhile. LazyReadSuspend, below this
            // conduit, only records the suspend; end-of-file stays readable, so the next select reports it once
            // more and that is when the key really leaves the selector.
            next.suspendReads();
            closeLater(connection);
            return 0;
        }

        @Override
        public void resumeReads() {
            if (!endOfFile) {
                next.resumeReads();
            }
        }

        @Override
        public void wakeupReads() {
            if (!endOfFile) {
                next.wakeupReads();
            }
        }
    }
}
