package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetProcessTest {

    private final List<TargetProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(TargetProcess::close);
    }

    private TargetProcess start(String script) {
        TargetProcess target = TargetProcess.start(new TargetSpec(List.of("/bin/sh", "-c", script),
                Map.of("GREETING", "hello from env"), URI.create("http://127.0.0.1:" + closedPort() + "/health")));
        started.add(target);
        return target;
    }

    @Test
    void aServerThatExitsEarlyFailsWithItsLastTenLines() {
        TargetProcess target = start("echo \"$GREETING\"; i=1; while [ $i -le 15 ]; do echo line $i; i=$((i+1)); done;"
                + " echo 'Address already in use' >&2; exit 3");
        assertThatThrownBy(() -> target.awaitReady(Duration.ofSeconds(20)))
                .isInstanceOf(LoadctlException.class)
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.TARGET_FAILED))
                .hasMessageStartingWith("the target server exited with status 3 before it was ready (command: /bin/sh -c")
                .hasMessageContaining("its last output:\n    line 7\n")
                .hasMessageEndingWith("    line 15\n    Address already in use")
                .hasMessageNotContaining("line 6\n")
                .hasMessageNotContaining("hello from env");
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsStopped() {
        TargetProcess target = start("echo starting; exec sleep 60");
        long pid = target.pid();
        assertThatThrownBy(() -> target.awaitReady(Duration.ofSeconds(1)))
                .hasMessageContaining("did not answer GET http://127.0.0.1:")
                .hasMessageContaining("within 1 s")
                .hasMessageEndingWith("its last output:\n    starting");
        target.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void closeStopsTheWholeTreeAndIsIdempotent() {
        TargetProcess target = start("sleep 60 & sleep 60 & wait");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (target.processTree().size() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<Long> tree = target.processTree();
        assertThat(tree).hasSize(3).startsWith(target.pid());

        target.close();
        target.close();

        assertThat(tree).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void aMissingProgramIsATargetFailure() {
        assertThatThrownBy(() -> TargetProcess.start(new TargetSpec(List.of("/no/such/server"), Map.of(),
                URI.create("http://127.0.0.1:1/"))))
                .hasMessageStartingWith("cannot start the target server (/no/such/server)")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.TARGET_FAILED));
    }

    @Test
    void portsTellFreeFromTaken() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            assertThat(Ports.isFree("127.0.0.1", socket.getLocalPort())).isFalse();
            assertThat(Ports.awaitFree("127.0.0.1", socket.getLocalPort(), Duration.ofMillis(300))).isFalse();
        }
        assertThat(Ports.isFree("127.0.0.1", closedPort())).isTrue();
    }

    /** A port nothing listens on. */
    static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real HTTP server process serving {@code dir}: 200 for files there, 404 for anything else. */
    private TargetProcess fileServer(java.nio.file.Path dir, int port, String readyPath, String loadPath) {
        String origin = "http://127.0.0.1:" + port;
        TargetProcess target = TargetProcess.start(new TargetSpec(List.of("/usr/bin/python3", "-m", "http.server",
                Integer.toString(port), "--bind", "127.0.0.1", "--directory", dir.toString()), Map.of(),
                URI.create(origin + readyPath), URI.create(origin + loadPath), null));
        started.add(target);
        return target;
    }

    @Test
    void startUpIsTimedFromTheSpawnToTheFirst2xxOnTheLoadUrl(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("health"), "ok");
        java.nio.file.Files.writeString(dir.resolve("ping"), "pong");
        long before = System.nanoTime();
        TargetProcess target = fileServer(dir, closedPort(), "/health", "/ping");

        StartUp startUp = target.awaitReady(Duration.ofSeconds(30));
        Duration waited = Duration.ofNanos(System.nanoTime() - before);

        assertThat(startUp.ready()).isPositive().isLessThanOrEqualTo(waited);
        assertThat(startUp.first2xx()).isGreaterThanOrEqualTo(startUp.ready()).isLessThanOrEqualTo(waited);
        assertThat(startUp.no2xxReason()).isNull();
        assertThat(target.startUp()).isEqualTo(startUp);
    }

    @Test
    void aLoadUrlThatNeverGives2xxLeavesTheFirst2xxUnknownWithItsLastAnswer(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("health"), "ok");
        int port = closedPort();
        TargetProcess target = fileServer(dir, port, "/health", "/missing/");

        StartUp startUp = target.awaitReady(Duration.ofSeconds(30), Duration.ofSeconds(1));

        assertThat(startUp.ready()).isPositive();
        assertThat(startUp.first2xx()).isNull();
        assertThat(startUp.no2xxReason()).isEqualTo("no 2xx from GET http://127.0.0.1:" + port
                + "/missing/ within 1 s of being ready (last: HTTP 404)");
        assertThat(target.isAlive()).as("a 404 is an answer: the sweep still measures it").isTrue();
    }
}
