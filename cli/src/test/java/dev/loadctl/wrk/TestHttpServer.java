package dev.loadctl.wrk;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP server for wrk to load in tests: every request gets the same status, optionally
 * after a delay. It binds an ephemeral port on 127.0.0.1.
 */
public final class TestHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final java.util.Queue<Long> arrivalsNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private TestHttpServer(int status, long delayMillis, int workerThreads) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.concurrent.ThreadPoolExecutor pool =
                (java.util.concurrent.ThreadPoolExecutor) Executors.newFixedThreadPool(workerThreads);
        pool.prestartAllCoreThreads(); // a thread started on demand delays its first request by a few ms
        executor = pool;
        byte[] body = ("status " + status + "\n").getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            arrivalsNanos.add(System.nanoTime());
            try (exchange) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                if (status / 100 == 3) {
                    exchange.getResponseHeaders().add("Location", "/elsewhere/");
                }
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Answers every request with {@code status} at once. */
    public static TestHttpServer answering(int status) {
        return new TestHttpServer(status, 0, 2);
    }

    /** Answers every request with 200 after {@code delayMillis}, on enough threads to hold every connection. */
    public static TestHttpServer slow(long delayMillis, int workerThreads) {
        return new TestHttpServer(200, delayMillis, workerThreads);
    }

    /** When each request reached its handler ({@link System#nanoTime()}), in arrival order. */
    public java.util.List<Long> arrivalsNanos() {
        return java.util.List.copyOf(arrivalsNanos);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
