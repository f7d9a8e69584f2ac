package dev.loadctl.cli;

import dev.loadctl.options.SweepSettings;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.launch.Ports;
import dev.loadctl.launch.StartUp;
import dev.loadctl.launch.TargetProcess;
import dev.loadctl.launch.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The nginx-echo peer: its config rendered per point, a real nginx with workers, and nothing of it left after. */
class NginxEchoProfileTest {

    @RegisterExtension
    final NginxProcesses.Guard guard = new NginxProcesses.Guard();

    @Test
    void nginxRunsFromItsRenderedConfigAndSigtermToTheMasterEndsEveryWorker() throws Exception {
        int port = guard.port();
        SweepValues flags = SweepValues.NONE.withConnections(300).withPort(port);
        SweepSettings options = SweepSettings.resolve(
                Optional.of(ProfileCatalog.standard().load("nginx-echo")), flags, guard.tmp());
        TargetSpec spec = options.target().forThreads(2);

        String config = Files.readString(spec.workDir().resolve("nginx.conf"));
        assertThat(config).contains("\nworker_processes 2;\n", "listen 127.0.0.1:" + port + " backlog=300;",
                "echo_sleep 0.200;", "pid nginx.pid;").doesNotContainPattern("(?<!\\$)\\{[a-z_]+}");
        assertThat(spec.command()).containsSequence("/usr/sbin/nginx", "-p", spec.workDir().toString(), "-c",
                spec.workDir() + "/nginx.conf", "-e", "stderr");

        List<Long> tree;
        TargetProcess nginx = TargetProcess.start(spec);
        try {
            StartUp startUp = nginx.awaitReady(Duration.ofSeconds(30));
            // /health answers at once; the first 2xx of /ping/ waits for echo_sleep's 200 ms.
            assertThat(startUp.first2xx()).isGreaterThanOrEqualTo(startUp.ready().plusMillis(190));
            tree = nginx.processTree();
            assertThat(tree).as("the master and its 2 workers").hasSize(3).startsWith(nginx.pid());

            HttpClient client = HttpClient.newHttpClient();
            long sent = System.nanoTime();
            HttpResponse<String> ping = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/ping/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isBetween(Duration.ofMillis(190),
                    Duration.ofSeconds(5));

            // SIGTERM to the master alone (setpriv execs nginx, so the spawned pid is the master).
            ProcessHandle.of(nginx.pid()).orElseThrow().destroy();
            for (long pid : tree) {
                ProcessHandle.of(pid).ifPresent(process -> process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            }
        } finally {
            nginx.close();
        }
        assertThat(tree).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(spec.workDir()).doesNotExist();
        assertThat(Ports.isFree("127.0.0.1", port)).isTrue();
    }

    @Test
    void oneShortPointMeasuresGoodputThroughTheSweep() {
        CliRun run = CliRun.of("sweep", "--profile", "nginx-echo", "--threads", "1", "--connections", "100",
                "--duration", "2s", "--warmup", "0s", "--port", Integer.toString(guard.port()), "--out",
                guard.out().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(guard.out()));
        assertThat(result.profile()).isEqualTo("nginx-echo");
        assertThat(result.parameters().target()).startsWith("/usr/sbin/nginx -p {work_dir}");
        assertThat(result.preflight()).filteredOn(check -> check.name().startsWith("nginx"))
                .extracting(SweepResult.PreflightCheck::status).containsExactly("ok", "ok");
        assertThat(result.points()).singleElement().satisfies(point -> {
            assertThat(point.startUp().first2xxMs()).isGreaterThanOrEqualTo(point.startUp().readyMs() + 190);
            assertThat(point.iterations()).singleElement().satisfies(iteration -> {
                assertThat(iteration.statusCodes()).containsOnlyKeys("200");
                assertThat(iteration.goodputPerSecond()).isPositive();
                assertThat(iteration.latencyMs().p50()).isBetween(200.0, 400.0);
                assertThat(iteration.cpu().serverCores()).as("nginx's master and worker").isNotNull();
            });
        });
        assertThat(run.out()).containsPattern("\\[1/1] 1 thread: server ready in \\d+\\.\\d\\d s, first 2xx at");
    }
}
