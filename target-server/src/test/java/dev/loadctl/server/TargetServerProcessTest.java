package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract loadctl relies on, checked on a real child JVM as loadctl launches it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetServerProcessTest {

    private static final Pattern READY = Pattern.compile(
            "loadctl-target-server ready on http://127\\.0\\.0\\.1:(\\d+) threads=2 mode=async delay=100ms "
                    + "backlog=20000");

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path temp;

    private Process launch(String... flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TargetServer.class.getName()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command)
                .redirectError(temp.resolve("stderr-" + started.size() + ".txt").toFile())
                .start();
        started.add(process);
        return process;
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String firstStdoutLine(Process process) throws Exception {
        BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    private List<String> stderrLines(int launchIndex) throws IOException {
        return Files.readAllLines(temp.resolve("stderr-" + launchIndex + ".txt"));
    }

    private static int readyPort(Process process) throws Exception {
        String line = firstStdoutLine(process);
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
                "net.core.somaxconn", "--exit-on-stdin-close");
    }
}
