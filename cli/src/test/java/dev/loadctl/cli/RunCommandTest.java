package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loadctl run} with real wrk against a real in-test server. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void healthyRunWritesJsonThatParseReproduces() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            Path json = dir.resolve("run.json");
            // Goals this test server meets on any machine: the verdict is about the responses.
            CliRun run = CliRun.of("run", "--url", server.url("/ping/"), "--threads", "2", "--connections", "20",
                    "--duration", "1s", "--json", json.toString(), "--target-rps", "1", "--sla-p99", "2s");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("loadctl: running wrk -t 2 -c 20 -d 1s --latency --timeout 2s -s");
            assertThat(run.out()).contains("(server threads: 2)", "status:    200 ×")
                    .endsWith("verdict: healthy: every response was a 2xx within the timeout, no socket errors;"
                            + " meets the 1/s target with p99 within 2,000 ms\n");
            WrkResult live = ResultStore.readRun(json);
            assertThat(live.serverThreads()).isEqualTo(2);
            assertThat(live.threads()).isEqualTo(2);
            assertThat(live.connections()).isEqualTo(20);
            assertThat(live.requests()).isPositive();

            // Round trip: the saved wrk output, parsed later, gives the numbers run gave live.
            Path saved = dir.resolve("wrk.txt");
            Files.writeString(saved, live.rawOutput());
            CliRun parse = CliRun.of("parse", saved.toString(), "--target-rps", "1", "--sla-p99", "2s");
            assertThat(parse.exitCode()).isZero();
            assertThat(ResultStore.JSON.readValue(parse.out(), WrkResult.class))
                    .isEqualTo(live.withServerThreads(null));
            assertThat(parse.err()).isEqualTo(run.out().replace(" (server threads: 2)", ""));
        }
    }

    @Test
    void theStaggeredStartIsOnUnlessNoStaggerAndNeedsTheScript() {
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            String url = server.url("/ping/");
            assertThat(runningLine("--url", url)).endsWith(url + " -- stagger-ms 200 first-requests 10");
            assertThat(runningLine("--url", url, "--delay", "50ms")).endsWith(" -- stagger-ms 50 first-requests 10");
            assertThat(runningLine("--url", url, "--no-stagger")).contains(" -s loadctl.lua ").endsWith(" " + url);
            assertThat(runningLine("--url", url, "--no-lua")).as("no script, nothing to stagger")
                    .doesNotContain(" -s ").endsWith(" " + url);
        }
    }

    /** The wrk command line a one-second {@code loadctl run} reports running. */
    private static String runningLine(String... args) {
        List<String> command = new ArrayList<>(List.of("run", "--threads", "1", "--connections", "10",
                "--duration", "1s", "--target-rps", "1", "--sla-p99", "2s"));
        command.addAll(List.of(args));
        CliRun run = CliRun.of(command.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.err().lines().filter(line -> line.startsWith("loadctl: running ")).findFirst().orElseThrow();
    }

    @Test
    void jsonOnStdoutMovesTheSummaryToStderr() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(307)) {
            CliRun run = CliRun.of("run", "--url", server.url("/ping"), "--threads", "1", "--connections", "10",
                    "--duration", "1s", "--wrk-threads", "2", "--json", "-");
            assertThat(run.exitCode()).isZero();
            WrkResult result = ResultStore.JSON.readValue(run.out(), WrkResult.class);
            assertThat(result.threads()).isEqualTo(2);
            assertThat(result.serverThreads()).isEqualTo(1);
            assertThat(result.statusCodes()).containsOnlyKeys("307");
            assertThat(result.goodputPerSecond()).isZero();
            assertThat(run.err()).contains("goodput:   0/s timely 2xx", "status:    307 ×")
                    .contains("verdict: UNHEALTHY: every response was a redirect");
        }
    }

    @Test
    void jsonToAFullDeviceIsOneLineWithExit3AndNoVerdict() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            CliRun run = CliRun.of("run", "--url", server.url("/ping/"), "--threads", "1", "--connections", "10",
                    "--duration", "1s", "--json", "/dev/full");

            assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT.code());
            assertThat(run.err()).endsWith("\nloadctl: cannot write /dev/full: No space left on device"
                    + " (choose a writable path)\n");
            assertThat(run.out()).isEmpty();
            assertThat(Files.readAttributes(Path.of("/dev/full"), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isOther()).as("/dev/full is still a device").isTrue();
        }
    }

    @Test
    void fewerConnectionsThanWrkThreadsIsOneLineAndNoWrk() {
        CliRun run = CliRun.of("run", "--url", "http://127.0.0.1:9/", "--threads", "4", "--connections", "2");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).doesNotContain("running").contains("connections (2) must be >= wrk threads (4)");
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    /**
     * An unwritable --json is found before wrk runs: a missing folder that cannot be made (a file is in the
     * way), a folder nothing can be created in, a folder named as the file. A missing folder that can be made
     * is made when the result is written, as for every output.
     */
    @Test
    void aJsonFileThatCannotBeWrittenFailsBeforeWrkRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        for (String json : List.of(file.resolve("missing/result.json").toString(), "/proc/loadctl-result.json",
                dir.toString())) {
            CliRun run = CliRun.of("run", "--url", "http://127.0.0.1:9/", "--duration", "1s", "--json", json);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.err()).as("no wrk run").doesNotContain("running").startsWith("loadctl: cannot write " + json)
                    .hasLineCount(1);
        }
    }

    @Test
    void badValuesAreOneLine() {
        CliRun duration = CliRun.of("run", "--duration", "thirty");
        assertThat(duration.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(duration.err().strip()).isEqualTo("loadctl: --duration: bad duration 'thirty': write a number"
                + " with a unit, ms, s, m or h (for example 500ms, 30s, 2m)");
        CliRun url = CliRun.of("run", "--url", "localhost:8000/ping/");
        assertThat(url.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(url.err()).contains("bad URL 'localhost:8000/ping/'");
    }

    @Test
    void nothingListeningIsWrkFailed() throws Exception {
        int port;
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            port = Integer.parseInt(server.url("").replaceAll(".*:", ""));
        }
        Path json = dir.resolve("none.json");
        CliRun run = CliRun.of("run", "--url", "http://127.0.0.1:" + port + "/", "--duration", "1s",
                "--json", json.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.WRK_FAILED.code());
        assertThat(run.err()).contains("loadctl: wrk: unable to connect to 127.0.0.1:" + port);
        assertThat(json).doesNotExist();
    }

    /**
     * Ctrl-C on a real loadctl JVM while wrk runs: the shutdown hook stops wrk and deletes its files.
     * Where the test runner starts processes with SIGINT ignored, the JVM cannot see a SIGINT at all,
     * so SIGTERM (the same shutdown path) stands in for it.
     */
    @Test
    void interruptStopsWrkAndLeavesNothingBehind() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            Process loadctl = startLoadctlRun(server.url("/ping/"));
            ProcessHandle wrk = null;
            try {
                wrk = awaitChild(loadctl, "/wrk");
                List<Path> wrkFiles = List.of(Files.readSymbolicLink(Path.of("/proc/" + wrk.pid() + "/fd/1")),
                        scriptOf(wrk));
                assertThat(wrkFiles).allSatisfy(f -> assertThat(f).exists());

                interrupt(loadctl);

                assertThat(wrk.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
                assertThat(wrkFiles).allSatisfy(f -> assertThat(f).doesNotExist());
                assertThat(childTempDir()).isEmptyDirectory();
            } finally {
                // Once loadctl has exited, a wrk it failed to stop is no longer its descendant: kill it by handle.
                if (wrk != null) {
                    wrk.destroyForcibly();
                }
                loadctl.descendants().forEach(ProcessHandle::destroyForcibly);
                loadctl.destroyForcibly();
            }
        }
    }

    /** The same while wrk is being started: the stop must not miss a wrk that starts at that moment. */
    @Test
    void interruptWhileWrkStartsLeavesNoWrk() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            String url = server.url("/starting/");
            Process loadctl = startLoadctlRun(url);
            try {
                Path log = dir.resolve("loadctl.log");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(Files.exists(log) && Files.readString(log).contains("loadctl: running"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                interrupt(loadctl);
                Thread.sleep(200);
                assertThat(ProcessHandle.allProcesses()
                        .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(url)))
                        .as("wrk processes loading " + url).isEmpty();
                assertThat(childTempDir()).isEmptyDirectory();
            } finally {
                ProcessHandle.allProcesses()
                        .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(url))
                        .forEach(ProcessHandle::destroyForcibly);
                loadctl.descendants().forEach(ProcessHandle::destroyForcibly);
                loadctl.destroyForcibly();
            }
        }
    }

    /** The child loadctl's own temp folder, so that its leftovers cannot hide among other processes' files. */
    private Path childTempDir() {
        return dir.resolve("tmp");
    }

    private Process startLoadctlRun(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(childTempDir());
        return new ProcessBuilder(java, "-Djava.io.tmpdir=" + childTempDir(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--url", url, "--connections", "2", "--duration", "60s")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("loadctl.log").toFile())
                .start();
    }

    /** Ctrl-C (SIGTERM where SIGINT is ignored), then loadctl exits as a signalled JVM does. */
    private static void interrupt(Process loadctl) throws Exception {
        boolean sigintIgnored = ignoresSigint(loadctl.pid());
        new ProcessBuilder("kill", sigintIgnored ? "-TERM" : "-INT", Long.toString(loadctl.pid())).start().waitFor();
        assertThat(loadctl.waitFor(15, TimeUnit.SECONDS)).as("loadctl exits").isTrue();
        assertThat(loadctl.exitValue()).isEqualTo(sigintIgnored ? 143 : 130);
    }

    private static ProcessHandle awaitChild(Process parent, String commandSuffix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && parent.isAlive()) {
            Optional<ProcessHandle> child = parent.children()
                    .filter(c -> c.info().command().orElse("").endsWith(commandSuffix)).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("loadctl never started " + commandSuffix);
    }

    private static Path scriptOf(ProcessHandle wrk) {
        List<String> args = List.of(wrk.info().arguments().orElseThrow());
        return Path.of(args.get(args.indexOf("-s") + 1));
    }

    /** SigIgn in /proc/PID/status is a hex mask; SIGINT is signal 2, bit 1. */
    private static boolean ignoresSigint(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        return false;
    }
}
