package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A profile's command on a server host (the tests' own sshd on this machine): probed from here, its CPU read
 * from the host's /proc through its wrapper, and stopped with everything in its process group.
 */
class RemoteTargetTest {

    @RegisterExtension
    static final PrivateSshd SSHD = new PrivateSshd();

    @Test
    void aCommandOnTheHostIsProbedFromHereAndStopsWithEverythingItStarted() throws Exception {
        SSHD.assumeAvailable();
        int port = freePort();
        // A server with a child of its own (the sleep): stopping the server must reach it too.
        String marker = "sleep 3" + port;
        CommandTarget target = new CommandTarget(new ServerCommand(List.of("/bin/sh", "-c",
                marker + " & exec /usr/bin/python3 -m http.server {port} --bind {host}"), Map.of(), "/"),
                Map.of("port", Integer.toString(port), "host", "127.0.0.1"), "127.0.0.1", port, "/", serverHost());
        RunningTarget server = target.start(1);
        try {
            StartUp startUp = server.awaitReady(Duration.ofSeconds(60));
            assertThat(startUp.first2xx()).isNotNull();
            assertThat(server.isAlive()).isTrue();
            assertThat(server.remote()).isTrue();
            HostProcStat stat = server.hostProcStat(Duration.ofSeconds(10));
            assertThat(stat).isNotNull();
            assertThat(stat.uptimeNanos()).isPositive();
            assertThat(stat.statLines()).as("python and its sleep, the server's group").hasSize(2)
                    .anySatisfy(line -> assertThat(line).contains("(python3)"))
                    .anySatisfy(line -> assertThat(line).contains("(sleep)"));
            assertThat(running("sleep", marker)).isNotEmpty();
        } finally {
            server.close();
        }
        assertThat(server.leftRunning()).isEmpty();
        assertThat(running("sleep", marker)).as("the server's child").isEmpty();
        assertThat(running("python3", "http.server " + port)).as("the server").isEmpty();
    }

    @Test
    void aServerThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        SSHD.assumeAvailable();
        int port = freePort();
        // An ignored signal stays ignored across exec: python never sees the SIGTERM.
        CommandTarget target = new CommandTarget(new ServerCommand(List.of("/bin/sh", "-c",
                "trap '' TERM; exec /usr/bin/python3 -m http.server {port} --bind {host}"), Map.of(), "/"),
                Map.of("port", Integer.toString(port), "host", "127.0.0.1"), "127.0.0.1", port, "/", serverHost());
        RemoteTarget server = RemoteTarget.start(serverHost(), target.forThreads(1), Duration.ofSeconds(1));
        try {
            server.awaitReady(Duration.ofSeconds(60));
            assertThat(running("python3", "http.server " + port)).isNotEmpty();
        } finally {
            long closing = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("the grace, not the 10 s default")
                    .isLessThan(Duration.ofSeconds(8));
        }
        assertThat(server.leftRunning()).isEmpty();
        assertThat(running("python3", "http.server " + port)).as("the server, killed").isEmpty();
    }

    @Test
    void aProgramMissingOnTheHostIsSaidInOneLine() throws Exception {
        SSHD.assumeAvailable();
        int port = freePort();
        CommandTarget target = new CommandTarget(new ServerCommand(List.of("/no/such/server", "{port}"), Map.of(),
                null), Map.of("port", Integer.toString(port), "host", "127.0.0.1"), "127.0.0.1", port, "/",
                serverHost());
        RunningTarget server = target.start(1);
        try {
            assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(LoadctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.TARGET_FAILED);
                        assertThat(e.getMessage()).contains("the target server on " + SSHD.host()
                                + " could not be started: /no/such/server is not on PATH");
                    });
        } finally {
            server.close();
        }
    }

    @Test
    void aServerConfiguredByFilesIsRefusedOnAHost() {
        assertThatThrownBy(() -> new CommandTarget(new ServerCommand(List.of("nginx", "-p", "{work_dir}"), Map.of(),
                null), Map.of(), "127.0.0.1", 8000, "/", new ServerHost(SshHost.parse("gen1"), null)))
                .isInstanceOfSatisfying(LoadctlException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("server host (gen1)");
    }

    private static ServerHost serverHost() {
        return new ServerHost(SshHost.parse(SSHD.host()), new SshSettings(SSHD.sshConfig(), List.of()));
    }

    /** Running processes of this program whose command line holds {@code text}. */
    private static List<String> running(String program, String text) {
        return ProcessHandle.allProcesses().filter(PrivateSshd::running)
                .filter(p -> p.info().command().orElse("").matches(".*/" + program + "[0-9.]*"))
                .map(p -> p.info().commandLine().orElse("")).filter(line -> line.contains(text)).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
