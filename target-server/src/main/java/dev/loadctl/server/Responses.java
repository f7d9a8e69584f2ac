package dev.loadctl.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fixed bodies, built once as read-only direct buffers: each send takes a {@code duplicate()} (its own
 * position, same memory), so answering costs no encoding and no copy into a heap array.
 */
final class Responses {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static final ByteBuffer STATUS_OK = direct("{\"status\":\"ok\"}");
    static final ByteBuffer NOT_FOUND = direct("not found: the endpoints are GET /ping/ (trailing slash), /health and /stats\n");
    static final ByteBuffer METHOD_NOT_ALLOWED = direct("method not allowed: use GET\n");

    private Responses() {
    }

    static void send(HttpServerExchange exchange, int statusCode, String contentType, ByteBuffer body) {
        exchange.setStatusCode(statusCode);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body.duplicate());
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer.asReadOnlyBuffer();
    }
}
