package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract loadctl relies on, checked on a real child JVM as loadctl launches it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetServerProcessTest {

    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    private static final Pattern READY = Pattern.compile(
            "loadctl-target-server ready on http://127\\.0\\.0\\.1:(\\d+) threads=2 mode=async delay=100ms "
                    + "backlog=20000");

    @TempDir
    Path temp;

    private ServerProcesses processes;

    @BeforeEach
    void processes() {
        processes = new ServerProcesses(temp);
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        processes.close();
    }

    private Process launch(String... flags) throws IOException {
        return processes.launch(flags);
    }

    private List<String> stderrLines(int launchIndex) throws IOException {
        return processes.stderrLines(launchIndex);
    }

    private static int readyPort(Process process) throws Exception {
        String line = ServerProcesses.firstStdoutLine(process);
        Matcher ready = READY.matcher(line == null ? "" : line);
        assertThat(ready.matches()).as("ready line: %s", line).isTrue();
        return Integer.parseInt(ready.group(1));
    }

    private static HttpResponse<String> ping(int port) throws Exception {
        return Http.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void printsOneReadyLineThenServesAndExitsZeroOnSigterm() throws Exception {
        Process server = launch("--port", "0", "--threads", "2", "--delay", "100ms");
        int port = readyPort(server);

        HttpResponse<String> response = ping(port);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");

        server.toHandle().destroy(); // SIGTERM, as Process.destroy() sends, but our end of stdout stays open
        assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .as("nothing after the ready line").isEmpty();
        assertThat(stderrLines(0)).as("quiet on stderr").isEmpty();
        try (ServerSocket rebound = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }

    @Test
    void exitsZeroWhenStdinClosesWithExitOnStdinClose() throws Exception {
        Process server = launch("--port", "0", "--threads", "2", "--delay", "0.1s", "--exit-on-stdin-close");
        int port = readyPort(server);
        assertThat(ping(port).statusCode()).isEqualTo(200);

        server.getOutputStream().close(); // what the parent's death looks like from here

        assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("stopped when stdin closed").isTrue();
        assertThat(server.exitValue()).isZero();
    }

    @Test
    void keepsRunningWhenStdinClosesWithoutTheFlag() throws Exception {
        Process server = launch("--port", "0", "--threads", "2", "--delay", "100");
        int port = readyPort(server);

        server.getOutputStream().close();
        Thread.sleep(300);

        assertThat(server.isAlive()).isTrue();
        assertThat(ping(port).statusCode()).isEqualTo(200);
    }

    @Test
    void portInUseExitsOneWithOneLineNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process server = launch("--port", Integer.toString(taken.getLocalPort()));

            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isEqualTo(1);
            assertThat(server.getInputStream().readAllBytes()).as("no ready line").isEmpty();
            List<String> stderr = stderrLines(0);
            assertThat(stderr).hasSize(1);
            assertThat(stderr.get(0)).contains("127.0.0.1:" + taken.getLocalPort()).contains("already in use")
                    .contains("--port");
        }
    }

    @Test
    void badFlagExitsTwoWithOneLineThenUsageAndNoStackTrace() throws Exception {
        Process server = launch("--threads", "zero");

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(server.getInputStream().readAllBytes()).as("no ready line").isEmpty();
        List<String> stderr = stderrLines(0);
        assertThat(stderr.get(0)).isEqualTo("loadctl-target-server: Invalid value for option '--threads': "
                + "'zero' is not an int");
        assertThat(stderr.get(1)).startsWith("Usage: loadctl-target-server");
        assertThat(stderr).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Process server = launch("--help");
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        String help = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help).contains("--threads", "--delay", "--mode", "--workers", "--backlog",
                "net.core.somaxconn", "--exit-on-stdin-close", "1..4096");
    }

    @Test
    void absurdThreadCountExitsTwoBeforeStartingAnything() throws Exception {
        Process server = launch("--port", "0", "--threads", "100000");

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(server.getInputStream().readAllBytes()).as("no ready line").isEmpty();
        List<String> stderr = stderrLines(0);
        assertThat(stderr.get(0)).isEqualTo("loadctl-target-server: --threads must be 1..4096 (IO threads, each an "
                + "event loop of its own), got 100000");
        assertThat(stderr).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
    }

    @Test
    void threadsTheOpenFilesLimitCannotHoldExitOneWithOneLineNamingTheLimit() throws Exception {
        assumeTrue(Files.isExecutable(PRLIMIT), "needs prlimit (util-linux)");
        // 100 IO threads need 200 open files for their selectors; the JVM itself needs a dozen.
        Process server = processes.launch(List.of(PRLIMIT.toString(), "--nofile=128"),
                "--port", "0", "--threads", "100");

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(1);
        assertThat(server.getInputStream().readAllBytes()).as("no ready line").isEmpty();
        assertThat(stderrLines(0)).containsExactly("loadctl-target-server: cannot start 100 IO threads: the "
                + "open-files limit ran out (open-files limit 128, see ulimit -n; each IO thread holds 2 for its "
                + "selector): raise the limit or pass fewer --threads");
    }
}
