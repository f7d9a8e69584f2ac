package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/**
 * Reads stay registered while a request waits (LazyReadSuspend). What a client sends in that time must still be
 * held back until the response is out and then be answered in order, in both modes: in blocking mode a worker
 * thread resumes the reads while the IO thread may be handling the new data.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LazyReadSuspendTest {

    private static final long DELAY_MILLIS = 300;

    private static RunningServer startServer(Mode mode) throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withDelayMillis(DELAY_MILLIS);
        return TargetServer.start(mode == Mode.BLOCKING ? options.withBlockingWorkers(4) : options);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRequestSentWhileTheFirstWaitsIsAnsweredAfterItInItsOwnTurn(Mode mode) throws Exception {
        try (RunningServer server = startServer(mode); Client client = new Client(server.port())) {
            long firstSent = System.nanoTime();
            client.send(RawHttp.get("/ping/"));
            Thread.sleep(DELAY_MILLIS / 3);
            client.send(RawHttp.get("/health")); // would be answered at once if it were read while /ping/ waits

            RawHttp.Response first = client.read();
            long firstMillis = millisSince(firstSent);
            RawHttp.Response second = client.read();

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(firstMillis).isBetween(DELAY_MILLIS, 5 * DELAY_MILLIS);
            assertThat(server.stats().snapshot().requestsServed()).as("/ping/ answers counted").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void twoPipelinedRequestsAreAnsweredInOrderEachAfterItsDelay(Mode mode) throws Exception {
        try (RunningServer server = startServer(mode); Client client = new Client(server.port())) {
            byte[] one = RawHttp.get("/ping/");
            byte[] two = new byte[2 * one.length];
            System.arraycopy(one, 0, two, 0, one.length);
            System.arraycopy(one, 0, two, one.length, one.length);
            long sent = System.nanoTime();
            client.send(two);

            RawHttp.Response first = client.read();
            RawHttp.Response second = client.read();
            long bothMillis = millisSince(sent);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            // HTTP/1.1 answers in order, and the second is read only after the first is out: two delays.
            assertThat(bothMillis).isBetween(2 * DELAY_MILLIS, 10 * DELAY_MILLIS);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aClientThatStopsSendingWhileItsRequestWaitsStillGetsTheAnswerAndThenTheClose(Mode mode) throws Exception {
        try (RunningServer server = startServer(mode); Client client = new Client(server.port())) {
            client.send(RawHttp.get("/ping/"));
            Thread.sleep(DELAY_MILLIS / 3);
            client.socket.shutdownOutput(); // FIN while the request waits: the connection turns readable (end of file)

            RawHttp.Response response = client.read();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(client.in.read()).as("the server closes after answering").isEqualTo(-1);
            assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void dataThatArrivesWhileARequestWaitsDoesNotKeepTheIoThreadBusy(Mode mode) throws Exception {
        try (RunningServer server = startServer(mode); Client client = new Client(server.port())) {
            Http.get(server, "/health");
            long ioThreadCpuBefore = ioThreadsCpuNanos();
            client.send(RawHttp.get("/ping/"));
            Thread.sleep(DELAY_MILLIS / 3);
            client.send(RawHttp.get("/health"));

            assertThat(client.read().statusCode()).isEqualTo(200);
            assertThat(client.read().statusCode()).isEqualTo(200);
            long ioThreadCpuMillis = TimeUnit.NANOSECONDS.toMillis(ioThreadsCpuNanos() - ioThreadCpuBefore);

            // Readiness that is passed on while reads are not wanted comes back at every select (level-triggered):
            // the IO thread would spin for the rest of the delay, about 200 ms of CPU here. Answering takes ~1 ms.
            assertThat(ioThreadCpuMillis).as("IO thread CPU while the request waited").isLessThan(DELAY_MILLIS / 3);
        }
    }

    private static long ioThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("target-server I/O")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** One keep-alive connection, written and read by hand. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
        }

        RawHttp.Response read() throws IOException {
            return RawHttp.readResponse(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
