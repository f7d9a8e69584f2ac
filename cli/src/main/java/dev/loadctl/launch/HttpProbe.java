package dev.loadctl.launch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GET over a plain socket, reading only the status line: the start-up poller. It is not
 * java.net.http because start-up is a measured figure: that client's first request costs loadctl's
 * JVM hundreds of milliseconds of class loading on a busy 2-core machine (measured: ~1 s to build it and
 * send a first request, against ~15 ms for a socket), and that time would be counted as the target's.
 */
final class HttpProbe {

    /** "HTTP/1.1 200": the status code ends at the 12th byte. */
    private static final int STATUS_LINE_PREFIX = 12;
    /** A stats answer is a few hundred bytes; anything much bigger is not one. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private HttpProbe() {
    }

    /** The status code of {@code GET url}; IOException when nothing answers (or not HTTP) within the timeout. */
    static int status(URI url, Duration timeout) throws IOException {
        try (Socket socket = sendGet(url, timeout)) {
            byte[] head = new byte[STATUS_LINE_PREFIX];
            InputStream in = socket.getInputStream();
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            String statusLine = new String(head, 0, read, StandardCharsets.US_ASCII);
            if (read < head.length || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP response: '" + statusLine.strip() + "'");
            }
            try {
                return Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status line: '" + statusLine.strip() + "'", e);
            }
        }
    }

    /**
     * The body of a 200 answer to {@code GET url}, read to the end (the request asks the server to close);
     * IOException when nothing answers within the timeout, on another status, or when the answer is over 64 KB.
     */
    static String body(URI url, Duration timeout) throws IOException {
        try (Socket socket = sendGet(url, timeout)) {
            byte[] answer = socket.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (answer.length > MAX_BODY_BYTES) {
                throw new IOException("answer over " + MAX_BODY_BYTES + " bytes");
            }
            String text = new String(answer, StandardCharsets.UTF_8);
            int bodyStart = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || text.length() < STATUS_LINE_PREFIX || bodyStart < 0) {
                throw new IOException("not an HTTP response");
            }
            if (!text.startsWith(" 200", 8)) {
                throw new IOException("status " + text.substring(9, STATUS_LINE_PREFIX));
            }
            return text.substring(bodyStart + 4);
        }
    }

    /** A connected socket, with the timeout on every read, that has sent {@code GET url} asking to close after. */
    private static Socket sendGet(URI url, Duration timeout) throws IOException {
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
