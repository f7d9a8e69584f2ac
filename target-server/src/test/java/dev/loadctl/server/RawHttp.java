package dev.loadctl.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over plain sockets, for what java.net.http hides: many connections at once without the client's own
 * per-request overhead dominating the timing, and several requests on one keep-alive connection.
 */
final class RawHttp {

    record Response(int statusCode, String head, String body) {
    }

    /** How a connection ended after the server's last answer. */
    enum End { CLOSED, RESET, STILL_OPEN }

    /** Every response the server sent on one connection, and how that connection ended. */
    record Conversation(List<Response> responses, End end) {
        List<Integer> statusCodes() {
            return responses.stream().map(Response::statusCode).toList();
        }
    }

    private RawHttp() {
    }

    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Opens {@code connections} sockets and sends one GET on each before reading any answer, so every request is
     * in flight at the same time; then reads the answers.
     */
    static List<Response> concurrentGets(int port, String path, int connections) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        byte[] request = get(path);
        List<Socket> sockets = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(address, 10_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(request);
            }
            List<Response> responses = new ArrayList<>(connections);
            for (Socket socket : sockets) {
                responses.add(readResponse(new BufferedInputStream(socket.getInputStream())));
            }
            return responses;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * Sends {@code request} as it is, byte for byte, on a new connection, then reads responses until the server
     * closes or resets the connection, or sends nothing for {@code quietMillis} (the connection stays open). A
     * server that stops reading a large request early resets it; the write's failure is then not an error.
     */
    static Conversation converse(int port, byte[] request, int quietMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (SocketException refusedMidWrite) {
                // The server answered (or closed) before taking the whole request; read what it said.
            }
            socket.setSoTimeout(quietMillis);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Response> responses = new ArrayList<>();
            while (true) {
                try {
                    in.mark(1);
                    if (in.read() < 0) {
                        return new Conversation(responses, End.CLOSED);
                    }
                    in.reset();
                    responses.add(readResponse(in));
                } catch (SocketTimeoutException quiet) {
                    return new Conversation(responses, End.STILL_OPEN);
                } catch (SocketException reset) {
                    return new Conversation(responses, End.RESET);
                }
            }
        }
    }

    static byte[] ascii(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one response: the head up to the blank line, then Content-Length bytes of body. */
    static Response readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] endOfHead = {'\r', '\n', '\r', '\n'};
        while (matched < endOfHead.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == endOfHead[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headText = head.toString(StandardCharsets.US_ASCII);
        int contentLength = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(contentLength);
        if (body.length < contentLength) {
            throw new EOFException("connection closed inside the body after " + body.length + " bytes");
        }
        // "HTTP/1.1 200" or "HTTP/1.0 200": the status code is at the same place.
        int statusCode = Integer.parseInt(headText.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        return new Response(statusCode, headText, new String(body, StandardCharsets.UTF_8));
    }
}
