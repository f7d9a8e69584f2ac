package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server at its open-files limit, as a churn of connections drives it there: it must go on answering the
 * connections it holds, keep its log to a few lines, and serve again once connections close. Child processes,
 * because the limit is per process.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenFilesLimitTest {

    private static final Path PRLIMIT = TargetServerProcessTest.PRLIMIT;
    private static final String PREFIX = "loadctl-target-server: ";

    @TempDir
    Path temp;

    private ServerProcesses processes;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void needsPrlimit() {
        assumeTrue(Files.isExecutable(PRLIMIT), "needs prlimit (util-linux)");
        processes = new ServerProcesses(temp);
    }

    @AfterEach
    void closeEverything() throws Exception {
        closeClients();
        if (processes != null) {
            processes.close();
        }
    }

    /** Connects {@code count} clients and sends a /ping/ on each; the server accepts only as many as it can. */
    private void connectAndPing(int port, int count) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            clients.add(socket);
            socket.connect(address, 10_000); // the kernel completes it into the backlog, accepted or not
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(RawHttp.get("/ping/"));
        }
    }

    private void closeClients() throws IOException {
        for (Socket socket : clients) {
            socket.close();
        }
        clients.clear();
    }

    private static HttpResponse<String> ping(int port) throws Exception {
        return Http.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping/"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int firstClientStatus() throws IOException {
        return RawHttp.readResponse(new BufferedInputStream(clients.get(0).getInputStream())).statusCode();
    }

    @Test
    void startedUnderALowLimitItHoldsWhatFitsAndServesAgainWhenTheClientsLeave() throws Exception {
        Process server = processes.launch(List.of(PRLIMIT.toString(), "--nofile=64"),
                "--port", "0", "--delay", "50ms");
        int port = ServerProcesses.readyPort(server);

        connectAndPing(port, 200); // three times the limit
        assertThat(firstClientStatus()).as("a connection it holds at the limit is answered").isEqualTo(200);
        closeClients();

        assertThat(ping(port).statusCode()).as("served after the clients left").isEqualTo(200);
        assertThat(server.isAlive()).isTrue();
        assertThat(processes.stderrLines(0))
                .as("it stopped accepting below the limit instead of failing to accept")
                .isEmpty();
    }

    @Test
    void acceptFailuresAreLoggedOnceASecondAtMostAndItRecovers() throws Exception {
        Process server = processes.launch("--port", "0", "--delay", "50ms");
        int port = ServerProcesses.readyPort(server);
        // Lowered after start, below what the server planned for, so that accept itself fails: the connection cap
        // keeps a server started under a low limit from getting there (the test above). Room for 30 connections.
        long limit = openFiles(server) + 30;
        Process lower = new ProcessBuilder(PRLIMIT.toString(), "--pid", Long.toString(server.pid()),
                "--nofile=" + limit + ":" + limit).inheritIO().start();
        assertThat(lower.waitFor(10, TimeUnit.SECONDS) && lower.exitValue() == 0).as("prlimit --pid").isTrue();
        long begin = System.nanoTime();

        connectAndPing(port, 150);
        assertThat(firstClientStatus()).as("answered while no file is left to accept with").isEqualTo(200);
        // XNIO retries after 250 ms, then 1 s: the second line comes with the failure a second after the first.
        awaitStderrLines(2);
        closeClients();

        assertThat(pingOrStderr(port)).as("served again once the clients left").isEqualTo(200);
        Thread.sleep(1_100); // an accept a second after the last failure ends the episode
        assertThat(pingOrStderr(port)).isEqualTo(200);
        awaitStderrLines(lines -> lines.get(lines.size() - 1).contains("accepting connections again"));
        double seconds = (System.nanoTime() - begin) / 1e9;

        List<String> lines = processes.stderrLines(0);
        assertThat(lines).allMatch(line -> line.startsWith(PREFIX)).hasSizeLessThanOrEqualTo((int) seconds + 1);
        assertThat(lines.get(0)).contains("cannot accept connections: Too many open files",
                "open-files limit " + limit, "one line a second at most");
        assertThat(lines.get(1)).contains("cannot accept connections: Too many open files", " in the last ");
        assertThat(lines.get(lines.size() - 1)).contains("accepting connections again after", "failed accepts in");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(Duration.between(timeOf(lines.get(i - 1)), timeOf(lines.get(i))))
                    .as("time between log lines %d and %d", i - 1, i).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        }
    }

    /** The status of a /ping/, or, when it fails, an error that shows what the server said meanwhile. */
    private int pingOrStderr(int port) throws Exception {
        try {
            return ping(port).statusCode();
        } catch (IOException e) {
            throw new AssertionError("/ping/ failed (" + e + "); stderr: " + processes.stderrLines(0), e);
        }
    }

    private static long openFiles(Process process) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return descriptors.count();
        }
    }

    private void awaitStderrLines(int count) throws Exception {
        awaitStderrLines(lines -> lines.size() >= count);
    }

    private void awaitStderrLines(Predicate<List<String>> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> lines = processes.stderrLines(0);
        while (!(!lines.isEmpty() && done.test(lines)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lines = processes.stderrLines(0);
        }
        assertThat(!lines.isEmpty() && done.test(lines)).as("stderr: %s", lines).isTrue();
    }

    private static Instant timeOf(String line) {
        String rest = line.substring(PREFIX.length());
        return Instant.parse(rest.substring(0, rest.indexOf(' ')));
    }
}
