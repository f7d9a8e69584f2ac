package dev.loadctl.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

/**
 * {@code /ping/} without a waiting thread: the response is sent by a timer on the connection's own IO thread, so a
 * request in its delay costs a queue entry and a small object, never a thread. Nothing is handed to workers.
 *
 * <p>Every request waits the same delay, so requests leave in the order they arrived: each IO thread keeps its
 * waiting requests in a FIFO and one timer, armed for the oldest, answers all that are due. That is O(1) per request,
 * where one XNIO timer per request is an insert into and a removal from the IO thread's TreeSet (O(log n) with
 * thousands waiting) plus two passes through its locked task queue.
 */
final class AsyncPingHandler implements HttpHandler {

    /**
     * Dispatching marks the exchange as not finished when the handler returns (otherwise Undertow would end it
     * with an empty 200). The timer does the real work, so the dispatched task has nothing left to do.
     */
    private static final Runnable KEEP_EXCHANGE_OPEN = () -> { };

    private final long delayNanos;
    private final ServerStats stats;
    /** One per IO thread, used only by it: the handler runs on the IO thread that read the request. */
    private final ThreadLocal<DelayLine> delayLines;

    AsyncPingHandler(long delayMillis, ServerStats stats) {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.stats = stats;
        this.delayLines = new ThreadLocal<>();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        stats.requestStarted();
        DelayLine line = delayLines.get();
        if (line == null) {
            line = new DelayLine(exchange.getIoThread());
            delayLines.set(line);
        }
        line.add(exchange, System.nanoTime());
        exchange.dispatch(SameThreadExecutor.INSTANCE, KEEP_EXCHANGE_OPEN);
    }

    private record Waiting(HttpServerExchange exchange, long arrivedNanos) {
    }

    /** The requests one IO thread holds, oldest first, and the single timer that answers them. */
    private final class DelayLine implements Runnable {
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        private final XnioIoThread ioThread;
        private boolean timerArmed;

        DelayLine(XnioIoThread ioThread) {
            this.ioThread = ioThread;
        }

        void add(HttpServerExchange exchange, long arrivedNanos) {
            waiting.addLast(new Waiting(exchange, arrivedNanos));
            if (!timerArmed) {
                arm(delayNanos);
            }
        }

        /** Runs on the IO thread when the oldest request is due: answers every request that is due by now. */
        @Override
        public void run() {
            timerArmed = false;
            long now = System.nanoTime();
            for (Waiting next = waiting.peekFirst(); next != null; next = waiting.peekFirst()) {
                long waitedNanos = now - next.arrivedNanos();
                if (waitedNanos < delayNanos) {
                    arm(delayNanos - waitedNanos);
                    return;
                }
                waiting.pollFirst();
                respond(next.exchange(), waitedNanos);
            }
        }

        private void respond(HttpServerExchange exchange, long waitedNanos) {
            try {
                stats.responseSent(waitedNanos);
                Responses.send(exchange, StatusCodes.OK, Responses.JSON, Responses.STATUS_OK);
            } catch (RuntimeException failed) {
                // One broken connection must not strand the requests queued behind it.
                IoUtils.safeClose(exchange.getConnection());
            }
        }

        private void arm(long nanos) {
            timerArmed = true;
            // XNIO's timer counts whole milliseconds; rounding up keeps every response at or after its delay.
            ioThread.executeAfter(this, (nanos + 999_999) / 1_000_000, TimeUnit.MILLISECONDS);
        }
    }
}
