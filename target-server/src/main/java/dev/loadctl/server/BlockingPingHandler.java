package dev.loadctl.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * {@code /ping/} the classic way, for contrast: each request occupies one of W worker threads for its whole delay
 * ({@code Thread.sleep}), so at most W requests are served per delay and the rest queue. The latency recorded
 * includes that queueing, as a client sees it.
 */
final class BlockingPingHandler implements HttpHandler {

    private final long delayMillis;
    private final ServerStats stats;

    BlockingPingHandler(long delayMillis, ServerStats stats) {
        this.delayMillis = delayMillis;
        this.stats = stats;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        stats.requestStarted();
        long arrivedNanos = System.nanoTime();
        // Runs on the XNIO worker pool, whose size is --workers.
        exchange.dispatch(() -> sleepThenRespond(exchange, arrivedNanos));
    }

    private void sleepThenRespond(HttpServerExchange exchange, long arrivedNanos) {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
            exchange.endExchange();
            return;
        }
        stats.responseSent(System.nanoTime() - arrivedNanos);
        Responses.send(exchange, StatusCodes.OK, Responses.JSON, Responses.STATUS_OK);
    }
}
