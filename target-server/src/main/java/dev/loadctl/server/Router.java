package dev.loadctl.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The root handler: three exact paths, GET only. Exact string comparison rather than Undertow's PathHandler,
 * because {@code /ping} without the slash must be a 404 (as it is for the FastAPI service this stands in for)
 * and because it is the cheapest dispatch there is.
 */
final class Router implements HttpHandler {

    static final String PING = "/ping/";
    static final String HEALTH = "/health";
    static final String STATS = "/stats";

    private final HttpHandler ping;
    private final ServerStats stats;

    Router(HttpHandler ping, ServerStats stats) {
        this.ping = ping;
        this.stats = stats;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        boolean isPing = PING.equals(path);
        if (!isPing && !HEALTH.equals(path) && !STATS.equals(path)) {
            Responses.send(exchange, StatusCodes.NOT_FOUND, Responses.TEXT, Responses.NOT_FOUND);
            return;
        }
        if (!Methods.GET.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.ALLOW, Methods.GET_STRING);
            Responses.send(exchange, StatusCodes.METHOD_NOT_ALLOWED, Responses.TEXT, Responses.METHOD_NOT_ALLOWED);
            return;
        }
        if (isPing) {
            ping.handleRequest(exchange);
        } else if (HEALTH.equals(path)) {
            // Answered on the IO thread at once: if this comes back, the listener accepts and the loop runs.
            Responses.send(exchange, StatusCodes.OK, Responses.JSON, Responses.STATUS_OK);
        } else {
            // ?reset ends the window at this read and starts the next: a client brackets its measured run with two.
            boolean reset = exchange.getQueryParameters().containsKey("reset");
            byte[] json = stats.snapshot(reset).toJson().getBytes(StandardCharsets.UTF_8);
            Responses.send(exchange, StatusCodes.OK, Responses.JSON, ByteBuffer.wrap(json));
        }
    }
}
