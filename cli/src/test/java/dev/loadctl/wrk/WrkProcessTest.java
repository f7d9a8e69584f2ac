package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;

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

    /** The temp files wrk was handed: its script argument and its stdout. */
    private static List<Path> openTempFiles(long pid) throws Exception {
        Path fd = Path.of("/proc/" + pid + "/fd/1");
        Path stdout = Files.readSymbolicLink(fd);
        String[] args = ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow();
        Path script = Path.of(args[List.of(args).indexOf("-s") + 1]);
        assertThat(script).exists();
        return List.of(stdout, script);
    }
}
