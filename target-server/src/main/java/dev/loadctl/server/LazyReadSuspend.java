package dev.loadctl.server;

import org.xnio.ChannelListener;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Keeps a connection registered for reads while its request waits, and takes it out of the selector only if
 * the client sends something in that time.
 *
 * <p>Why: Undertow suspends reads when it has parsed a request and resumes them when the response is out. With
 * the JDK's epoll selector each of those is an {@code epoll_ctl} (DEL, then ADD) plus a pass through the
 * selector's locked update queue: two system calls per request on the IO thread, for nothing, because an HTTP/1.1
 * client that is not pipelining sends nothing while it waits for its response. nginx keeps its registrations
 * for the life of the connection for the same reason.
 *
 * <p>How: a suspend is only remembered. If the connection becomes readable while reads are not wanted (a
 * pipelined request, or the client closing), the readiness is not passed up; the connection is then really
 * suspended, which is what Undertow asked for, and a later resume registers it again. The level-triggered
 * selector reports the data again then, so nothing is lost. A lock orders the two sides, because in blocking mode
 * a worker thread resumes reads while the IO thread may be handling readiness.
 */
final class LazyReadSuspend {

    private LazyReadSuspend() {
    }

    /** Wraps an open listener so that every connection it gets suspends reads lazily. */
    static ChannelListener<StreamConnection> wrap(ChannelListener<? super StreamConnection> openListener) {
        return connection -> {
            ConduitStreamSourceChannel channel = connection.getSourceChannel();
            Conduit conduit = new Conduit(channel.getConduit());
            channel.setConduit(conduit);
            // setConduit leaves the channel's readiness handler where it was, below the new conduit; this is
            // what the channel's constructor installs, now passing through the gate.
            conduit.setReadReadyHandler(new ReadReadyHandler.ChannelListenerHandler<>(channel));
            openListener.handleEvent(connection);
        };
    }

    static final class Conduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
        private final Object lock = new Object();
        /** What the layers above asked for. */
        private boolean readsWanted;
        /** What the selector really has. */
        private boolean readsRegistered;

        Conduit(StreamSourceConduit next) {
            super(next);
            this.readsRegistered = next.isReadResumed();
            this.readsWanted = readsRegistered;
        }

        @Override
        public void resumeReads() {
            synchronized (lock) {
                readsWanted = true;
                if (!readsRegistered) {
                    readsRegistered = true;
                    next.resumeReads();
                }
            }
        }

        @Override
        public void suspendReads() {
            synchronized (lock) {
                readsWanted = false;
            }
        }

        @Override
        public void wakeupReads() {
            synchronized (lock) {
                readsWanted = true;
                readsRegistered = true;
                next.wakeupReads();
            }
        }

        @Override
        public boolean isReadResumed() {
            synchronized (lock) {
                return readsWanted;
            }
        }

        @Override
        public void setReadReadyHandler(ReadReadyHandler handler) {
            next.setReadReadyHandler(handler == null ? null : new Gate(handler));
        }

        /** Passes readiness up only while reads are wanted; otherwise does the suspend that was put off. */
        private boolean passReadiness() {
            synchronized (lock) {
                if (readsWanted) {
                    return true;
                }
                readsRegistered = false;
                next.suspendReads();
                return false;
            }
        }

        private final class Gate implements ReadReadyHandler {
            private final ReadReadyHandler handler;

            Gate(ReadReadyHandler handler) {
                this.handler = handler;
            }

            @Override
            public void readReady() {
                if (passReadiness()) {
                    handler.readReady();
                }
            }

            @Override
            public void forceTermination() {
                handler.forceTermination();
            }

            @Override
            public void terminated() {
                handler.terminated();
            }
        }
    }
}
