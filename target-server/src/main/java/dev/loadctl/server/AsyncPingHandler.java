package dev.loadctl.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.util.concurrent.TimeUnit;

/**
 * {@code /ping/} without a waiting thread: the response is a timer task on the connection's own IO thread, so a
 * request in its delay costs a timer entry and a small object, never a thread. Nothing is handed to workers.
 */
final class AsyncPingHandler implements HttpHandler {

    /**
     * Dispatching marks the exchange as not finished when the handler returns (otherwise Undertow would end it
     * with an empty 200). The timer does the real work, so the dispatched task has nothing left to do.
     */
    private static final Runnable KEEP_EXCHANGE_OPEN = () -> { };

    private final long delayMillis;
    private final ServerStats stats;

    AsyncPingHandler(long delayMillis, ServerStats stats) {
        this.delayMillis = delayMillis;
        this.stats = stats;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        stats.requestStarted();
        exchange.getIoThread().executeAfter(new DelayedResponse(exchange, System.nanoTime(), stats),
                delayMillis, TimeUnit.MILLISECONDS);
        exchange.dispatch(SameThreadExecutor.INSTANCE, KEEP_EXCHANGE_OPEN);
    }

    /** Runs on the IO thread that received the request, once its delay is over. */
    private static final class DelayedResponse implements Runnable {
        private final HttpServerExchange exchange;
        private final long arrivedNanos;
        private final ServerStats stats;

        DelayedResponse(HttpServerExchange exchange, long arrivedNanos, ServerStats stats) {
            this.exchange = exchange;
            this.arrivedNanos = arrivedNanos;
            this.stats = stats;
        }

        @Override
        public void run() {
            stats.responseSent(System.nanoTime() - arrivedNanos);
            Responses.send(exchange, StatusCodes.OK, Responses.JSON, Responses.STATUS_OK);
        }
    }
}
