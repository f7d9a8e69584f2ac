package dev.loadctl.cli;

import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import dev.loadctl.server.RunningServer;
import dev.loadctl.server.ServerOptions;
import dev.loadctl.server.TargetServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loadctl run} with real wrk against the bundled 200 ms /ping/ server. */
class RunAgainstBundledServerTest {

    private static final int CONNECTIONS = 100;
    private static final double DELAY_SECONDS = 0.2;

    @Test
    void pingIsHealthyAndWithinLittlesLaw() throws Exception {
        try (RunningServer server = TargetServer.start(ServerOptions.defaults().withPort(0))) {
            CliRun run = CliRun.of("run", "--url", server.baseUrl() + "/ping/", "--threads", "1",
                    "--connections", Integer.toString(CONNECTIONS), "--duration", "2s", "--json", "-");
            assertThat(run.exitCode()).as(run.err()).isZero();
            WrkResult r = ResultStore.JSON.readValue(run.out(), WrkResult.class);

            assertThat(r.statusCodes()).containsOnlyKeys("200").containsEntry("200", r.requests());
            assertThat(r.serverThreads()).isEqualTo(1);
            assertThat(r.latencyMs().p50()).isBetween(200.0, 400.0);
            // Little's law: no more than connections / delay responses per second can come back.
            double ceiling = CONNECTIONS / DELAY_SECONDS;
            assertThat(r.goodputPerSecond()).isBetween(0.3 * ceiling, 1.02 * ceiling);
            assertThat(server.stats().snapshot().requestsServed()).isGreaterThanOrEqualTo(r.requests());
            // Judged as a sweep's point is, with the sweep's defaults: 100 connections cannot carry 20,000/s.
            assertThat(run.err()).contains("ceiling:   Little's-law ceiling: 100 connections / 200 ms = 500/s, below"
                    + " the 20,000/s target: no server can reach it with these connections (it needs 4,000)\n")
                    .containsPattern("verdict: NOT MET: (p99 [0-9.,]+ ms over the 250 ms SLA; )?goodput [0-9,]+/s below"
                            + " the 20,000/s target, which is above these connections' Little's-law ceiling \\(asked:"
                            + " the 20,000/s target with p99 within 250 ms; responses healthy: every response was a 2xx"
                            + " within the timeout");
        }
    }

    @Test
    void pingWithoutItsSlashIsEveryResponseAnError() throws Exception {
        try (RunningServer server = TargetServer.start(ServerOptions.defaults().withPort(0))) {
            CliRun run = CliRun.of("run", "--url", server.baseUrl() + "/ping", "--connections", "10",
                    "--duration", "1s");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("goodput:   0/s timely 2xx", "status:    404 ×")
                    .contains("verdict: UNHEALTHY: every response was an error: none of the");
        }
    }
}
