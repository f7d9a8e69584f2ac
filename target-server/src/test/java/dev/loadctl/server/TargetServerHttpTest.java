package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's HTTP behaviour over real connections, started in-process on a free port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetServerHttpTest {

    private final List<RunningServer> started = new ArrayList<>();

    private RunningServer start(ServerOptions options) throws ListenFailedException {
        RunningServer server = TargetServer.start(options.withPort(0));
        started.add(server);
        return server;
    }

    @AfterEach
    void stopServers() {
        started.forEach(RunningServer::close);
    }

    @Test
    void pingAnswersOkJsonAfterTheDelay() throws Exception {
        RunningServer server = start(ServerOptions.defaults());
        Http.get(server, "/health"); // the connection and the JIT are warm before anything is timed

        long fastestMillis = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long begin = System.nanoTime();
            HttpResponse<String> response = Http.get(server, "/ping/");
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(elapsedMillis).as("a 200 ms delay is never cut short").isGreaterThanOrEqualTo(200);
            fastestMillis = Math.min(fastestMillis, elapsedMillis);
        }
        assertThat(fastestMillis).as("the delay lands within 200-400 ms").isLessThan(400);
    }

    @Test
    void delayFlagChangesTheWait() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(600));
        Http.get(server, "/health");

        long begin = System.nanoTime();
        assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isBetween(600L, 2_000L);
    }

    @Test
    void pingWithoutTheSlashAndUnknownPathsAre404() throws Exception {
        RunningServer server = start(ServerOptions.defaults());

        for (String path : List.of("/ping", "/", "/pong/", "/ping/extra", "/PING/")) {
            HttpResponse<String> response = Http.get(server, path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("not found").contains("/ping/").hasSizeLessThan(200);
        }
        assertThat(Http.send(server, "POST", "/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsOnKnownPathsAre405WithAllowGet() throws Exception {
        RunningServer server = start(ServerOptions.defaults());

        for (String[] methodAndPath : new String[][] {{"POST", "/ping/"}, {"PUT", "/ping/"}, {"DELETE", "/health"},
                                                      {"POST", "/stats"}}) {
            HttpResponse<String> response = Http.send(server, methodAndPath[0], methodAndPath[1]);
            assertThat(response.statusCode()).as(String.join(" ", methodAndPath)).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET");
            assertThat(response.body()).contains("use GET");
        }
        assertThat(Http.stat(server, "requestsServed")).as("a refused /ping/ is not served").isZero();
    }

    @Test
    void healthAnswersWithoutWaitingForTheDelay() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(5_000));
        Http.get(server, "/health");

        long begin = System.nanoTime();
        HttpResponse<String> response = Http.get(server, "/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(2_500);
    }

    @Test
    void statsCountRequestsInFlightThenServedWithTheirLatency() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(2_000));
        String empty = Http.get(server, "/stats").body();
        assertThat(Http.statsNumber(empty, "requestsServed")).isZero();
        assertThat(Http.statsNumber(empty, "requestsInFlight")).isZero();
        assertThat(Http.statsNumber(empty, "max")).isZero();

        List<CompletableFuture<HttpResponse<String>>> pings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pings.add(Http.CLIENT.sendAsync(Http.request(server, "GET", "/ping/"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_800);
        double inFlight = 0;
        while (inFlight < 5 && System.nanoTime() < deadline) {
            inFlight = Http.stat(server, "requestsInFlight");
        }
        assertThat(inFlight).as("all five wait out their delay at the same time").isEqualTo(5);
        assertThat(Http.stat(server, "requestsServed")).isZero();

        for (CompletableFuture<HttpResponse<String>> ping : pings) {
            assertThat(ping.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        String after = Http.get(server, "/stats").body();
        assertThat(Http.statsNumber(after, "requestsServed")).as("/stats and /health are not counted")
                .isEqualTo(5);
        assertThat(Http.statsNumber(after, "requestsInFlight")).isZero();
        assertThat(Http.statsNumber(after, "p50")).isBetween(2_000.0, 3_000.0);
        assertThat(Http.statsNumber(after, "p90")).isBetween(2_000.0, 3_000.0);
        assertThat(Http.statsNumber(after, "p99")).isBetween(2_000.0, 3_000.0);
        assertThat(Http.statsNumber(after, "max")).isGreaterThanOrEqualTo(Http.statsNumber(after, "p99"));
        assertThat(server.stats().snapshot().requestsServed()).isEqualTo(5);
    }

    @Test
    void statsResetBracketsAWindowWithoutTouchingTheTotals() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(100));
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
        }
        String warmup = Http.get(server, "/stats?reset").body();
        assertThat(Http.statsNumber(window(warmup), "requestsServed")).isEqualTo(3);
        String plain = Http.get(server, "/stats").body();
        assertThat(Http.statsNumber(window(plain), "requestsServed")).as("the reset started a new window").isZero();
        assertThat(Http.statsNumber(window(plain), "max")).isZero();

        for (int i = 0; i < 2; i++) {
            assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
        }
        String measured = Http.get(server, "/stats?reset").body();
        assertThat(Http.statsNumber(window(measured), "requestsServed")).isEqualTo(2);
        assertThat(Http.statsNumber(window(measured), "p50")).isBetween(100.0, 1_000.0);
        assertThat(Http.statsNumber(window(measured), "p99")).isBetween(100.0, 1_000.0);
        assertThat(Http.statsNumber(window(measured), "p99_9")).isBetween(100.0, 1_000.0);
        assertThat(Http.statsNumber(measured, "requestsServed")).as("totals count every ping").isEqualTo(5);
    }

    private static String window(String statsJson) {
        return statsJson.substring(statsJson.indexOf("\"window\":"));
    }

    @Test
    void aClientThatHangsUpDuringTheDelayLeavesTheServerHealthy() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(300));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(RawHttp.get("/ping/"));
            Thread.sleep(50);
        }
        // The timer still fires for the departed client; afterwards nothing is left in flight.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.stats().requestsInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(Http.stat(server, "requestsInFlight")).isZero();
        assertThat(Http.get(server, "/ping/").statusCode()).isEqualTo(200);
    }

    @Test
    void keepAliveConnectionServesRequestAfterRequest() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(10));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(RawHttp.get("/ping/"));
                RawHttp.Response response = RawHttp.readResponse(in);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.head()).contains("Content-Length: 15");
                assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
            }
        }
        assertThat(Http.stat(server, "requestsServed")).isEqualTo(3);
    }

    @Test
    void closeAnswersRequestsInFlightThenRefusesConnectionsAndFreesThePort() throws Exception {
        RunningServer server = start(ServerOptions.defaults().withDelayMillis(500));
        int port = server.port();
        CompletableFuture<HttpResponse<String>> inFlight = Http.CLIENT.sendAsync(
                Http.request(server, "GET", "/ping/"), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.stats().requestsInFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        server.close();

        assertThat(inFlight.get(5, TimeUnit.SECONDS).statusCode()).as("answered before the stop").isEqualTo(200);
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        try (ServerSocket rebound = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).isEqualTo(port);
        }
        server.close(); // a second close is harmless
    }

    @Test
    void aSecondServerOnTheSamePortFailsWithOneLineNamingThePort() throws Exception {
        RunningServer first = start(ServerOptions.defaults());

        assertThatThrownBy(() -> TargetServer.start(ServerOptions.defaults().withPort(first.port())))
                .isInstanceOf(ListenFailedException.class)
                .hasMessageContaining("127.0.0.1:" + first.port())
                .hasMessageContaining("already in use")
                .hasMessageContaining("--port")
                .hasMessageNotContaining("\n");
        assertThat(Http.get(first, "/health").statusCode()).as("the first server is unharmed").isEqualTo(200);
    }

    @Test
    void readyLineNamesTheRealPortAndTheSettings() throws Exception {
        RunningServer async = start(ServerOptions.defaults().withIoThreads(2).withDelayMillis(150));
        assertThat(async.readyLine()).isEqualTo("loadctl-target-server ready on http://127.0.0.1:" + async.port()
                + " threads=2 mode=async delay=150ms backlog=20000");
        assertThat(async.port()).isPositive();

        RunningServer blocking = start(ServerOptions.defaults().withBlockingWorkers(3));
        assertThat(blocking.readyLine()).isEqualTo("loadctl-target-server ready on http://127.0.0.1:"
                + blocking.port() + " threads=1 mode=blocking delay=200ms backlog=20000 workers=3");
    }
}
