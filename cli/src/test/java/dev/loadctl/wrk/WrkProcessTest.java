package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Numbers;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real wrk processes against a real in-test HTTP server. */
class WrkProcessTest {

    private static WrkInvocation invocation(String url, boolean lua) {
        return new WrkInvocation(url, 1, 10, Duration.ofSeconds(1), Duration.ofSeconds(2), lua);
    }

    @Test
    void versionIsWrksFirstLine() {
        assertThat(Wrk.version()).startsWith("wrk ").contains("Will Glozer");
    }

    @Test
    void missingWrkIsAnEnvironmentProblem() {
        assertThatThrownBy(() -> Wrk.version("/nonexistent/wrk"))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining("install it")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));
    }

    @Test
    void healthyRunCountsEveryStatus() {
        try (TestHttpServer server = TestHttpServer.answering(200);
             WrkProcess wrk = Wrk.start(invocation(server.url("/ping/"), true))) {
            WrkResult r = wrk.awaitResult();
            assertThat(r.url()).isEqualTo(server.url("/ping/"));
            assertThat(r.threads()).isEqualTo(1);
            assertThat(r.connections()).isEqualTo(10);
            assertThat(r.requests()).isPositive();
            assertThat(r.statusCodes()).containsOnlyKeys("200").containsEntry("200", r.requests());
            assertThat(r.goodputEstimated()).isFalse();
            assertThat(r.goodputPerSecond()).isEqualTo(r.requests() / r.durationSeconds());
            assertThat(r.errorRate()).isZero();
            assertThat(r.latencyMs().p99_9()).isNotNull();
            assertThat(r.latencyMs().p99_99()).isNotNull();
            assertThat(r.unknownLines()).isEmpty();
            assertThat(r.rawOutput()).contains("loadctl-status 200 " + r.requests());
        }
    }

    @Test
    void redirectsAreReportedAndGiveNoGoodput() {
        try (TestHttpServer server = TestHttpServer.answering(307);
             WrkProcess wrk = Wrk.start(invocation(server.url("/ping"), true))) {
            WrkResult r = wrk.awaitResult();
            assertThat(r.requests()).isPositive();
            assertThat(r.statusCodes()).containsOnlyKeys("307").containsEntry("307", r.requests());
            // wrk's own count misses them: a 307 is not > 399.
            assertThat(r.non2xx3xxResponses()).isZero();
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(r).line()).contains("every response was a redirect", "307 ×" + Numbers.count(r.requests()));
        }
    }

    @Test
    void notFoundIsEveryResponseAnError() {
        try (TestHttpServer server = TestHttpServer.answering(404);
             WrkProcess wrk = Wrk.start(invocation(server.url("/nope/"), true))) {
            WrkResult r = wrk.awaitResult();
            assertThat(r.requests()).isPositive();
            assertThat(r.statusCodes()).containsOnlyKeys("404");
            assertThat(r.non2xx3xxResponses()).isEqualTo(r.requests());
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(RunVerdict.of(r).line()).contains("every response was an error", "404 ×" + Numbers.count(r.requests()));
        }
    }

    @Test
    void plainWrkWithoutTheScriptEstimatesGoodput() {
        try (TestHttpServer server = TestHttpServer.answering(404);
             WrkProcess wrk = Wrk.start(invocation(server.url("/nope/"), false))) {
            WrkResult r = wrk.awaitResult();
            assertThat(r.rawOutput()).doesNotContain("loadctl-");
            assertThat(r.statusCodes()).isNull();
            assertThat(r.goodputEstimated()).isTrue();
            assertThat(r.non2xx3xxResponses()).isEqualTo(r.requests()).isPositive();
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(RunVerdict.of(r).line()).contains("every response was an error");
        }
    }

    @Test
    void responsesSlowerThanTheTimeoutAreTimeoutsNotGoodput() {
        // 1.2 s per response against wrk's 1 s timeout: each of the 4 connections gets one or two
        // responses, every one a timeout.
        try (TestHttpServer server = TestHttpServer.slow(1200, 4);
             WrkProcess wrk = Wrk.start(new WrkInvocation(server.url("/slow/"), 1, 4, Duration.ofSeconds(2),
                     Duration.ofSeconds(1), true))) {
            WrkResult r = wrk.awaitResult();
            assertThat(r.requests()).isBetween(1L, 8L);
            assertThat(r.statusCodes()).containsEntry("200", r.requests());
            assertThat(r.socketErrors().timeout()).isEqualTo(r.requests());
            assertThat(r.latencyMs().avg()).isNull();
            assertThat(r.latencyMs().p99_9()).isNull();
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(r).line()).contains("no timely 2xx response at all", "timeout");
        }
    }

    /**
     * wrk sends every connection's first request at once, and with a fixed handler delay they stay in step;
     * the script's staggered start holds each first request for a random time below the delay instead. Forty
     * uniform holds below 600 ms span less than 300 ms with a chance of 40 / 2^39.
     */
    @Test
    void aStaggeredStartSpreadsTheFirstRequestsOverTheHandlersDelay() {
        assertThat(firstRequestsSpanMs(Duration.ZERO)).as("all at once").isLessThan(200);
        assertThat(firstRequestsSpanMs(Duration.ofMillis(600))).as("staggered over 600 ms").isBetween(300.0, 800.0);
    }

    private static double firstRequestsSpanMs(Duration stagger) {
        try (TestHttpServer server = TestHttpServer.slow(600, 40);
             WrkProcess wrk = Wrk.start(new WrkInvocation(server.url("/slow/"), 2, 40, Duration.ofSeconds(2),
                     Duration.ofSeconds(2), true, stagger))) {
            WrkResult result = wrk.awaitResult();
            assertThat(result.statusCodes()).containsKey("200");
            List<Long> first = server.arrivalsNanos().subList(0, 40);
            return (first.get(39) - first.get(0)) / 1e6;
        }
    }

    @Test
    void parsingTheSavedOutputGivesTheLiveNumbers() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(200);
             WrkProcess wrk = Wrk.start(invocation(server.url("/ping/"), true))) {
            List<Path> files = openTempFiles(wrk.pid());
            WrkResult live = wrk.awaitResult();
            assertThat(WrkOutputParser.parse(live.rawOutput())).isEqualTo(live);
            // The script's format 2: announced before wrk's first line, closed by its own count (summary, one
            // status, latency, six lines of the latency ladder, the clock).
            assertThat(live.rawOutput()).startsWith("loadctl-script 2\nRunning 1s test @ ")
                    .containsPattern("\nloadctl-end lines 10\n$");
            assertThat(Prefixes.violations(live.rawOutput(), -1)).isEmpty();
            // Gone once wrk's output is read, even before close().
            assertThat(files).allSatisfy(f -> assertThat(f).doesNotExist());
        }
    }

    @Test
    void fewerConnectionsThanThreadsNeverStartsWrk() {
        assertThatThrownBy(() -> new WrkInvocation("http://127.0.0.1:1/", 4, 2, Duration.ofSeconds(1),
                Duration.ofSeconds(2), true))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining("connections (2) must be >= wrk threads (4)")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void commandLineIsWhatWrkExpects() {
        WrkInvocation inv = new WrkInvocation("http://127.0.0.1:8000/ping/", 2, 200, Duration.ofMillis(1500),
                Duration.ofSeconds(2), true);
        assertThat(inv.command("wrk", Path.of("/tmp/x.lua"))).containsExactly("wrk", "-t", "2", "-c", "200",
                "-d", "2s", "--latency", "--timeout", "2s", "-s", "/tmp/x.lua", "http://127.0.0.1:8000/ping/");
        assertThat(inv.command("wrk", null)).doesNotContain("-s");

        WrkInvocation staggered = new WrkInvocation("http://127.0.0.1:8000/ping/", 2, 201, Duration.ofSeconds(2),
                Duration.ofSeconds(2), true, Duration.ofMillis(200));
        assertThat(staggered.command("wrk", Path.of("/tmp/x.lua"))).endsWith("http://127.0.0.1:8000/ping/", "--",
                "stagger-ms", "200", "first-requests", "100");
        assertThat(staggered.command("wrk", null)).as("no script, nothing to stagger")
                .endsWith("http://127.0.0.1:8000/ping/");
    }

    @Test
    void failureOutputIsWrkFailedWithWrksMessage() {
        int closedPort;
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            closedPort = Integer.parseInt(server.url("").replaceAll(".*:", ""));
        }
        try (WrkProcess wrk = Wrk.start(invocation("http://127.0.0.1:" + closedPort + "/", true))) {
            assertThatThrownBy(wrk::awaitResult)
                    .isInstanceOf(LoadctlException.class)
                    .hasMessageContaining("unable to connect to 127.0.0.1:" + closedPort)
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.WRK_FAILED));
        }
    }

    @Test
    void closeStopsWrkAndDeletesItsFiles() throws Exception {
        try (TestHttpServer server = TestHttpServer.answering(200)) {
            WrkProcess wrk = Wrk.start(new WrkInvocation(server.url("/"), 1, 2, Duration.ofSeconds(30),
                    Duration.ofSeconds(2), true));
            List<Path> files = openTempFiles(wrk.pid());
            Optional<ProcessHandle> handle = ProcessHandle.of(wrk.pid());
            assertThat(handle).isPresent();
            wrk.close();
            wrk.close();
            assertThat(handle.get().isAlive()).isFalse();
            assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(f).doesNotExist());
            assertThatThrownBy(wrk::awaitResult)
                    .isInstanceOf(LoadctlException.class)
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.INTERRUPTED));
        }
    }

    @Test
    void anOutputLargerThanAnyWrkResultIsRefusedWhole(@TempDir Path dir) throws Exception {
        Path chatty = dir.resolve("chatty-wrk");
        Files.writeString(chatty, "#!/bin/sh\necho 'a line repeated'\nhead -c " + (WrkOutputParser.MAX_OUTPUT_BYTES + 1)
                + " /dev/zero | tr '\\0' x\n");
        assertThat(chatty.toFile().setExecutable(true)).isTrue();
        try (WrkProcess wrk = Wrk.start(invocation("http://127.0.0.1:9/", false), chatty.toString())) {
            assertThatThrownBy(wrk::awaitResult)
                    .isInstanceOf(LoadctlException.class)
                    .hasMessageContaining("more than any wrk result")
                    .hasMessageContaining("it begins 'a line repeated'")
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.WRK_FAILED));
        }
    }

    /** The temp files wrk was handed: its script argument and its stdout. */
    private static List<Path> openTempFiles(long pid) throws Exception {
        // Until the child has exec'd, /proc shows the JVM's spawn helper rather than wrk.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!ProcessHandle.of(pid).orElseThrow().info().command().orElse("").endsWith("/wrk")
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Path fd = Path.of("/proc/" + pid + "/fd/1");
        Path stdout = Files.readSymbolicLink(fd);
        String[] args = ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow();
        Path script = Path.of(args[List.of(args).indexOf("-s") + 1]);
        assertThat(script).exists();
        return List.of(stdout, script);
    }
}
