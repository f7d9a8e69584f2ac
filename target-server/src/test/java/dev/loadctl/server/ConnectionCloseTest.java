package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections the client ends are closed off the IO thread (CloseOffIoThread): their descriptors must still be
 * released, whether the client closes or resets, and the server must go on answering. Also the per-IO-thread FIFO
 * of waiting requests: each request waits its own delay, whenever it arrived.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCloseTest {

    private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");
    /** Room for descriptors the JVM opens meanwhile (class files, selector pipes of the HTTP client). */
    private static final long DESCRIPTOR_SLACK = 40;

    private static long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(OWN_DESCRIPTORS)) {
            return descriptors.count();
        }
    }

    private static void awaitDescriptorsBackTo(long limit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (openDescriptors() > limit && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(openDescriptors()).as("descriptors open after the clients went away").isLessThanOrEqualTo(limit);
    }

    private static RunningServer startServer(long delayMillis) throws Exception {
        return TargetServer.start(ServerOptions.defaults().withPort(0).withDelayMillis(delayMillis));
    }

    @Test
    void connectionsClosedByTheClientTogetherAreReleasedAndTheServerGoesOnAnswering() throws Exception {
        assumeTrue(Files.isDirectory(OWN_DESCRIPTORS), "needs /proc/self/fd (Linux)");
        try (RunningServer server = startServer(50)) {
            Http.get(server, "/health");
            long before = openDescriptors();

            // 500 keep-alive connections, one request each, then all closed at once (FIN), as when wrk ends.
            List<RawHttp.Response> responses = RawHttp.concurrentGets(server.port(), "/ping/", 500);

            assertThat(responses).hasSize(500).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            awaitDescriptorsBackTo(before + DESCRIPTOR_SLACK);
            assertThat(Http.get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void connectionsResetWithARequestInFlightAreReleasedAndCounted() throws Exception {
        assumeTrue(Files.isDirectory(OWN_DESCRIPTORS), "needs /proc/self/fd (Linux)");
        try (RunningServer server = startServer(300)) {
            Http.get(server, "/health");
            long before = openDescriptors();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket socket = new Socket();
                    sockets.add(socket);
                    socket.connect(address, 10_000);
                    socket.getOutputStream().write(RawHttp.get("/ping/"));
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.setSoLinger(true, 0); // close with RST, as a client that exits with data unread does
                    socket.close();
                }
            }

            awaitDescriptorsBackTo(before + DESCRIPTOR_SLACK);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.stats().requestsInFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.stats().requestsInFlight()).as("requests still waiting after their delay").isZero();
            assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestArrivingWhileOthersWaitWaitsItsOwnFullDelay() throws Exception {
        long delayMillis = 300;
        try (RunningServer server = startServer(delayMillis);
             Socket first = new Socket(InetAddress.getLoopbackAddress(), server.port());
             Socket second = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            Http.get(server, "/health");
            long firstSent = System.nanoTime();
            first.getOutputStream().write(RawHttp.get("/ping/"));
            Thread.sleep(delayMillis / 2);
            long secondSent = System.nanoTime();
            second.getOutputStream().write(RawHttp.get("/ping/"));

            long firstMillis = millisToAnswer(first.getInputStream(), firstSent);
            long secondMillis = millisToAnswer(second.getInputStream(), secondSent);

            // At least the delay each (the timer never answers early); the upper bound only rules out a lost timer.
            assertThat(firstMillis).isBetween(delayMillis, 5 * delayMillis);
            assertThat(secondMillis).isBetween(delayMillis, 5 * delayMillis);
        }
    }

    private static long millisToAnswer(InputStream in, long sentNanos) throws IOException {
        RawHttp.Response response = RawHttp.readResponse(new BufferedInputStream(in));
        assertThat(response.statusCode()).isEqualTo(200);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos);
    }
}
