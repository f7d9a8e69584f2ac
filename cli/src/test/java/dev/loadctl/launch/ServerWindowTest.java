package dev.loadctl.launch;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ServerWindowTest {

    @Test
    void readsTheWindowNotTheTotals() {
        String stats = "{\"requestsServed\":900,\"requestsInFlight\":3,"
                + "\"latencyMs\":{\"p50\":201.000,\"p90\":203.000,\"p99\":900.000,\"max\":950.000},"
                + "\"window\":{\"requestsServed\":480,\"latencyMs\":"
                + "{\"p50\":200.500,\"p90\":201.000,\"p99\":207.250,\"p99_9\":210.000,\"max\":212.125}}}";

        assertThat(ServerWindow.parse(stats)).isEqualTo(new ServerWindow(480, 200.5, 207.25, 212.125));
    }

    @Test
    void aStatsAnswerWithoutAWindowIsNull() {
        assertThat(ServerWindow.parse("{\"requestsServed\":900,\"latencyMs\":{\"p50\":201.000}}")).isNull();
    }

    @Test
    void aServerThatDoesNotAnswerIsNullNotAnError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(ServerWindow.readAndReset(URI.create("http://127.0.0.1:" + port + "/stats"),
                Duration.ofMillis(500))).isNull();
    }
}
