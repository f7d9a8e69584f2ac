package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.Generators;
import dev.loadctl.launch.SshHost;
import dev.loadctl.launch.SshSettings;
import dev.loadctl.result.GeneratorRun;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.TestHttpServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several local wrk processes as one generator: the split, the merge, the stop. (Over ssh: SshGeneratorsTest.) */
class MultiWrkTest {

    private static Generators local(int n) {
        return new Generators(n, List.of(), SshSettings.DEFAULT, "--generators");
    }

    @Test
    void connectionsAndThreadsAreSharedAsEvenlyAsPossibleWithAThreadEachAtLeast() {
        assertThat(MultiWrk.slots(local(2), 8, 20_000)).extracting(MultiWrk.Slot::threads, MultiWrk.Slot::connections)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4, 10_000), org.assertj.core.groups.Tuple.tuple(4, 10_000));
        assertThat(MultiWrk.slots(local(3), 1, 10)).extracting(MultiWrk.Slot::threads, MultiWrk.Slot::connections)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 4), org.assertj.core.groups.Tuple.tuple(1, 3),
                        org.assertj.core.groups.Tuple.tuple(1, 3));
        SshHost gen = SshHost.parse("root@127.0.0.1:2222");
        Generators twice = new Generators(1, List.of(gen, gen), SshSettings.DEFAULT, "test");
        assertThat(MultiWrk.slots(twice, 2, 100)).extracting(MultiWrk.Slot::index).containsExactly(1, 2);
        assertThatThrownBy(() -> MultiWrk.slots(local(4), 1, 3)).isInstanceOf(LoadctlException.class)
                .hasMessageContaining("lower --generators");
    }

    @Test
    void wrksCpuIsTheChangeInTheWrappersChildTimesAcrossIt() {
        String dash = "loadctl-generator ready\nloadctl-generator times-before\n0m0.000000s 0m0.010000s\n"
                + "0m0.330000s 0m0.770000s\nloadctl-generator times\n0m0.010000s 0m0.010000s\n1m0.500000s 0m1.000000s\n";
        assertThat(GeneratorProcess.childCpuSeconds(dash)).isEqualTo(60.5 + 1.0 - 1.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(GeneratorProcess.childCpuSeconds("loadctl-generator ready\n")).isNaN();
    }

    @Test
    void twoLocalWrksLoadTogetherAndMergeIntoOneResult() {
        try (TestHttpServer server = TestHttpServer.slow(20, 64)) {
            MultiWrk generator = new MultiWrk(local(2));
            LoadShape load = new LoadShape(server.url("/ok/"), 20, 2, Duration.ofSeconds(1), Duration.ZERO, 1,
                    Duration.ofSeconds(2), true);
            WrkResult result = generator.measure(load, Duration.ofSeconds(1));
            assertThat(result.threads()).isEqualTo(2);
            assertThat(result.connections()).isEqualTo(20);
            assertThat(result.generators()).hasSize(2).allSatisfy(run -> {
                assertThat(run.host()).isEqualTo(GeneratorRun.LOCAL);
                assertThat(run.requests()).isPositive();
                assertThat(run.startOffsetMs()).isNotNull();
                assertThat(run.cpu()).isNotNull();
                assertThat(run.rawOutput()).contains("loadctl-latency-ladder-us");
            });
            assertThat(result.requests()).isEqualTo(result.generators().stream().mapToLong(GeneratorRun::requests).sum());
            assertThat(result.statusCodes()).containsOnlyKeys("200");
            assertThat(result.latencyMs().p99()).isNotNull();
            assertThat(result.goodputPerSecond()).isPositive();
        }
    }

    @Test
    void aStopEndsEveryWrkAtOnce() throws Exception {
        try (TestHttpServer server = TestHttpServer.slow(20, 64)) {
            MultiWrk generator = new MultiWrk(local(2));
            CompletableFuture<WrkResult> running = twoWrksRunning(generator, server.url("/stop/"));
            long stopAt = System.nanoTime();
            generator.stop();
            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LoadctlException.class)
                    .satisfies(e -> assertThat(((LoadctlException) e.getCause()).exitCode())
                            .isEqualTo(ExitCode.INTERRUPTED));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopAt)).isLessThan(5);
            assertThat(wrksOn(server.url("/stop/"))).isEmpty();
            assertThat(scripts()).isEmpty();
        }
    }

    @Test
    void aGeneratorThatDiesMidRunFailsThePointNamingItAndStopsTheOthers() throws Exception {
        try (TestHttpServer server = TestHttpServer.slow(20, 64)) {
            MultiWrk generator = new MultiWrk(local(2));
            CompletableFuture<WrkResult> running = twoWrksRunning(generator, server.url("/die/"));
            wrksOn(server.url("/die/")).get(0).destroyForcibly();
            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LoadctlException.class)
                    .satisfies(e -> {
                        LoadctlException failure = (LoadctlException) e.getCause();
                        assertThat(failure.exitCode()).isEqualTo(ExitCode.WRK_FAILED);
                        assertThat(failure.getMessage()).matches("generator local #[12]: wrk was killed by signal 9"
                                + " [0-9.]+ s after it started");
                    });
            assertThat(wrksOn(server.url("/die/"))).isEmpty();
        }
    }

    /** A 30-second measure in the background, once both of its wrk processes run. */
    private static CompletableFuture<WrkResult> twoWrksRunning(MultiWrk generator, String url)
            throws InterruptedException {
        LoadShape load = new LoadShape(url, 10, 2, Duration.ofSeconds(30), Duration.ZERO, 1, Duration.ofSeconds(2),
                true);
        CompletableFuture<WrkResult> running = CompletableFuture.supplyAsync(
                () -> generator.measure(load, Duration.ofSeconds(30)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (wrksOn(url).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(wrksOn(url)).hasSize(2);
        return running;
    }

    /** wrk itself, not its wrapper (whose command line holds the URL too). */
    private static List<ProcessHandle> wrksOn(String url) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("/wrk"))
                .filter(p -> p.info().commandLine().orElse("").contains(url)).toList();
    }

    /** The wrappers' scripts: none is left, whatever stopped them. */
    private static List<java.nio.file.Path> scripts() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("loadctl-script-")).toList();
        }
    }
}
