package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** With a cgroup where this machine allows one (skipped where not), and without one (always). */
    private static void assumeMode(boolean cgroup) {
        assumeTrue(Daemons.pythonPresent(), "skipped: no " + Daemons.PYTHON);
        if (cgroup) {
            assumeTrue(Daemons.cgroupsWritable(), "skipped: cgroup v2 is not writable here (the fallback is tested)");
        }
    }

    private TargetProcess startDaemon(Path dir, String mode, int port, boolean cgroup) {
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        TargetProcess target = TargetProcess.start(new TargetSpec(Daemons.command(Daemons.script(dir), mode, port),
                Map.of(), url, url, null), cgroup, Duration.ofSeconds(1));
        started.add(target);
        assertThat(target.containment()).as("how it is contained").startsWith(cgroup ? "cgroup " : "process tree");
        return target;
    }

    /** A server that daemonizes: its first process exits at once, yet it is ready, and closing stops it. */
    @ParameterizedTest(name = "cgroup: {0}")
    @ValueSource(booleans = {true, false})
    void aDaemonThatDoubleForksCountsAsStartedAndIsStopped(boolean cgroup, @TempDir Path dir) throws Exception {
        assumeMode(cgroup);
        int port = closedPort();
        try {
            TargetProcess target = startDaemon(dir, "daemon", port, cgroup);

            assertThat(target.awaitReady(Duration.ofSeconds(30)).first2xx()).isNotNull();
            assertThat(target.isAlive()).as("its first process has exited, the daemon serves").isTrue();
            assertThat(target.processTree()).isNotEmpty().doesNotContain(target.pid());

            target.close();
            assertThat(target.leftRunning()).isEmpty();
            assertThat(Daemons.awaitNoneOn(port, Duration.ofSeconds(5))).isEmpty();
            assertThat(Ports.isFree("127.0.0.1", port)).isTrue();
        } finally {
            Daemons.killAllOn(port);
        }
    }

    /** A setsid grandchild that ignores SIGTERM and shares the server's socket is killed after the grace. */
    @ParameterizedTest(name = "cgroup: {0}")
    @ValueSource(booleans = {true, false})
    void aSetsidGrandchildThatIgnoresSigtermIsKilled(boolean cgroup, @TempDir Path dir) throws Exception {
        assumeMode(cgroup);
        int port = closedPort();
        try {
            TargetProcess target = startDaemon(dir, "grandchild", port, cgroup);
            target.awaitReady(Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Daemons.on(port).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Daemons.on(port)).as("the server and its grandchild").hasSize(2);

            target.close();
            assertThat(target.leftRunning()).isEmpty();
            assertThat(Daemons.on(port)).as("nothing left").isEmpty();
            assertThat(Ports.awaitFree("127.0.0.1", port, Duration.ofSeconds(2))).isTrue();
        } finally {
            Daemons.killAllOn(port);
        }
    }

    /** What a loadctl killed together with its watchdog left in a cgroup is stopped by the next loadctl. */
    @Test
    void leftoversOfAKilledLoadctlAreStoppedAndTheirCgroupRemoved() throws Exception {
        assumeTrue(Daemons.cgroupsWritable(), "skipped: cgroup v2 is not writable here");
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor();
        Path parent = Cgroup.parents().get(0);
        Path stale = Files.createDirectory(parent.resolve(Cgroup.PREFIX + gone.pid() + "-1"));
        Path alive = Files.createDirectory(parent.resolve(Cgroup.PREFIX + ProcessHandle.current().pid() + "-999999"));
        Process left = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(stale.resolve("cgroup.procs"), Long.toString(left.pid()));

            assertThat(TargetProcess.stopLeftovers()).singleElement().asString()
                    .startsWith("stopped pid " + left.pid() + " (sleep 300), left running by loadctl pid " + gone.pid());
            assertThat(left.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(stale).doesNotExist();
            assertThat(alive).as("a running loadctl's cgroup").exists();
        } finally {
            left.destroyForcibly();
            Files.deleteIfExists(alive);
            Files.deleteIfExists(stale);
        }
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
