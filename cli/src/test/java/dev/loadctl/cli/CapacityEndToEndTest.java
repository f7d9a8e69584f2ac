package dev.loadctl.cli;

import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.CapacityProbe.Outcome;
import dev.loadctl.result.CapacityRules;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capacity searches against real servers, real wrk and real /proc, with small numbers (1 s probes, one thread
 * count) so that each takes seconds. Two made-up targets whose answer is known whatever the machine's load:
 * a tiny asyncio server whose every 50th response takes 1 s (p99 is 1 s at any load: no capacity, reason
 * latency) and one that answers 500 to every other request (reason errors). The bundled server and nginx
 * then reach a target far below what they serve, under an SLA loose enough that a shared CI machine cannot
 * break it: what those two check is the REACHED path end to end, not the machine's speed.
 */
class CapacityEndToEndTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.assertingNothingLeft();

    private static final String[] SHORT = {"--confirm-duration", "1s", "--confirm-iterations", "2"};

    @Test
    void aSlowTailAtAnyLoadIsNotReachedBecauseOfLatency() throws IOException {
        // 3 s probes: wrk records only the responses that end within its run, so a 1 s probe would never see a
        // 1 s response, and a 2 s one too few of them to move p99.
        CliRun run = capacity(tinyServer("--slow-every", "50", "--slow-ms", "1000"), "--target-rps", "500",
                "--probe-duration", "3s", "--server-warmup", "0s");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.kind()).isEqualTo(SweepResult.KIND_CAPACITY);
        assertThat(result.complete()).isTrue();
        assertThat(result.points()).hasSizeBetween(3, 4).allSatisfy(point -> {
            assertThat(point.capacity().passed()).isFalse();
            assertThat(point.capacity().reasons()).extracting(CapacityRules.Finding::kind)
                    .contains(CapacityRules.LATENCY).doesNotContain(CapacityRules.ERRORS);
            assertThat(point.iterations()).singleElement()
                    .satisfies(iteration -> assertThat(iteration.rawOutput()).contains("Running 3s test @"));
        });
        Outcome outcome = last(result).capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.NO_PASS);
        assertThat(outcome.cause()).isEqualTo(CapacityRules.LATENCY);
        assertThat(outcome.capacityConnections()).isNull();
        assertThat(run.out()).contains("NOT REACHED: no load met the SLA (p99 within 250 ms, errors at most 0.10%)"
                + " at 1 thread.", "1 thread: no load met the SLA, down to");
        assertThat(run.out().indexOf("NOT REACHED")).as("the verdict comes first in the report")
                .isLessThan(run.out().indexOf("Capacity per thread count"));
    }

    @Test
    void halfTheResponsesErrorsIsNotReachedBecauseOfErrors() throws IOException {
        // Two wrk processes share each probe's connections, as in a sweep.
        CliRun run = capacity(tinyServer("--error-every", "2"), "--target-rps", "500", "--probe-duration", "1s",
                "--server-warmup", "0s", "--generators", "2");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        Outcome outcome = last(result).capacity().outcome();
        assertThat(outcome.stop()).isEqualTo(Outcome.NO_PASS);
        assertThat(outcome.cause()).isEqualTo(CapacityRules.ERRORS);
        assertThat(result.points()).allSatisfy(point -> {
            assertThat(point.stats().errorRate().mean()).isBetween(0.45, 0.55);
            assertThat(point.iterations()).allSatisfy(run2 -> assertThat(run2.generators()).hasSize(2));
        });
        assertThat(run.out()).contains("NOT REACHED", "errors 50.");
    }

    @Test
    void theBundledServerReachesATargetItCanServeAndTheReportDrawsTheSearch() throws IOException {
        CliRun run = capacity(null, "--threads", "1", "--target-rps", "500", "--sla-p99", "1s", "--growth", "2",
                "--max-connections", "500", "--probe-duration", "1s", "--probe-warmup", "1s",
                "--server-warmup", "2s");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path file = LoadctlProcesses.resultOf(sandbox.out());
        SweepResult result = ResultStore.readSweep(file);
        // The profile's own search is '-default-capacity'; these flags changed it, and the name says which.
        assertThat(file.getParent().getFileName().toString())
                .endsWith("-default-capacity+t1+rps500+sla1s+maxc500+pd1s+pw1s+sw2s+cd1s+ci2+grow2");
        assertThat(result.capacity().connectionLimit().text()).isEqualTo("--max-connections 500");
        assertThat(result.points()).extracting(Point::connections).startsWith(110);
        Point last = last(result);
        assertThat(last.capacity().role()).isEqualTo(CapacityProbe.FINAL);
        assertThat(last.iterations()).hasSize(2);
        assertThat(run.out()).contains("[1] 1 thread: start at 110 connections", "REACHED with 1 thread: capacity ")
                .doesNotContain("NOT REACHED");

        CliRun report = CliRun.of("report", file.getParent().toString(), "--html", "--json");
        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
        assertThat(file.getParent().resolve("index.html")).content().contains("REACHED with 1 thread",
                "data:image/png;base64,", "Probes");
        assertThat(file.getParent().resolve("capacity.png")).isNotEmptyFile();
        assertThat(file.getParent().resolve("capacity.svg")).isNotEmptyFile();
        assertThat(file.getParent().resolve("latency-goodput-1-thread.png")).isNotEmptyFile();
        assertThat(file.getParent().resolve("report.json")).content().contains("\"status\" : \"REACHED\"");
    }

    @Test
    void nginxIsASecondRealTarget() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(NginxProcesses.NGINX)
                        && Files.isRegularFile(NginxProcesses.ECHO_MODULE),
                "skipped: nginx with the echo module is not installed (apt-get install nginx-light"
                        + " libnginx-mod-http-echo)");
        CliRun run = capacity(null, "--profile", "nginx-echo", "--threads", "1", "--target-rps", "500",
                "--sla-p99", "1s", "--growth", "2", "--max-connections", "500", "--probe-duration", "1s",
                "--server-warmup", "0s");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.profile()).isEqualTo("nginx-echo");
        // Far from nginx's limit, the search ends at the connection limit, or where a busy machine's noise
        // made goodput look flat over a growth step.
        assertThat(last(result).capacity().outcome().stop()).isIn(Outcome.CONNECTION_LIMIT, Outcome.PLATEAU);
        assertThat(run.out()).contains("REACHED with 1 thread: capacity ");
    }

    private CliRun capacity(Path profile, String... args) {
        List<String> all = new ArrayList<>(List.of("capacity", "--port", Integer.toString(sandbox.port()), "--out",
                sandbox.out().toString()));
        all.addAll(List.of(SHORT));
        if (profile != null) {
            all.addAll(List.of("--profile", profile.toString(), "--threads", "1"));
        }
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** A profile that runs the tiny asyncio server with these arguments. */
    private Path tinyServer(String... behaviour) throws IOException {
        Path script = sandbox.tmp().resolve("tiny_server.py");
        try (InputStream in = getClass().getResourceAsStream("/capacity/tiny_server.py")) {
            Files.copy(in, script);
        }
        String extra = String.join("\", \"", behaviour);
        return Files.writeString(sandbox.tmp().resolve("tiny.yaml"), """
                description: the capacity tests' tiny asyncio server
                sweep:
                  threads: [1]
                server:
                  command: ["/usr/bin/python3", "{profile_dir}/tiny_server.py", "--port", "{port}",
                            "--delay-ms", "{delay_ms}", "%s"]
                  ready-path: /health
                """.formatted(extra));
    }

    private static Point last(SweepResult result) {
        return result.points().get(result.points().size() - 1);
    }
}
