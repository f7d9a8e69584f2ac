package dev.loadctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bad input: one clear line, its documented exit code, and no result folder. These stop before
 * any server or wrk starts, so they are quick.
 */
class SweepBadInputTest {

    @TempDir
    Path tmp;
    private Path out;
    private String port;

    @BeforeEach
    void setUp() throws IOException {
        out = tmp.resolve("reports");
        port = Integer.toString(LoadctlProcesses.freePort());
    }

    @Test
    void unknownProfile() {
        CliRun run = CliRun.of("sweep", "--profile", "qiuck", "--out", out.toString());
        assertOneLine(run, 2, "loadctl: unknown profile 'qiuck': known profiles are bench, default, fastapi-uvicorn,"
                + " nginx-echo, quick");
    }

    @Test
    void badDuration() {
        CliRun run = CliRun.of("sweep", "--duration", "10 seconds", "--port", port, "--out", out.toString());
        assertOneLine(run, 2, "loadctl: --duration: bad duration '10 seconds': write a number with a unit");
    }

    @Test
    void fewerConnectionsThanThreads() {
        CliRun run = CliRun.of("sweep", "--threads", "1,4", "--connections", "2", "--port", port,
                "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("loadctl: 2 connections < 4 wrk threads: wrk needs at least one connection"
                + " per thread: pass --connections 4 or more, or fewer --threads/--wrk-threads\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--port",
                    Integer.toString(taken.getLocalPort()), "--out", out.toString());
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err()).isEqualTo("loadctl: port " + taken.getLocalPort()
                    + " is in use: stop what listens there or pass --port\n");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void unwritableOut() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--port", port,
                "--out", file.resolve("reports").toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("loadctl: cannot write results to " + file.resolve("reports"))
                .endsWith("pass --out with a writable folder\n").hasLineCount(1);
    }

    /** wrk missing: loadctl in its own JVM, pointed at a wrk that does not exist (LOADCTL_WRK). */
    @Test
    void wrkMissing() throws Exception {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sweep", "--threads", "1", "--connections", "10", "--port", port,
                "--out", out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOADCTL_WRK", tmp.resolve("no-wrk-here").toString());
        Process loadctl = builder.start();
        try {
            String output = new String(loadctl.getInputStream().readAllBytes());
            assertThat(loadctl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(loadctl.exitValue()).isEqualTo(3);
            assertThat(output).contains("preflight fail: wrk: wrk is not installed or not on PATH (cannot run wrk at")
                    .contains("loadctl: wrk is not installed or not on PATH");
            assertThat(output.lines().filter(line -> line.startsWith("loadctl:"))).hasSize(1);
            assertThat(out).doesNotExist();
        } finally {
            loadctl.destroyForcibly();
        }
    }

    private void assertOneLine(CliRun run, int exitCode, String start) {
        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.err()).startsWith(start).hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
