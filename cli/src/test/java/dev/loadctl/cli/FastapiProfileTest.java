package dev.loadctl.cli;

import dev.loadctl.profile.LoadctlHome;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The original stack end to end: the fastapi-uvicorn profile, one short point. Needs Debian's packages. */
class FastapiProfileTest {

    @RegisterExtension
    final LoadctlSandbox sandbox = LoadctlSandbox.assertingNothingLeft();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(fastapiInstalled(), "skipped: /usr/bin/python3 lacks fastapi or uvicorn"
                + " (apt-get install python3-fastapi python3-uvicorn; .ci/run installs them)");
        assumeTrue(Files.isRegularFile(LoadctlHome.find().orElseThrow().resolve("target-server/fastapi/app.py")),
                "skipped: target-server/fastapi/app.py is not in this checkout");
    }

    @Test
    void onePointAgainstUvicorn() {
        CliRun run = CliRun.of("sweep", "--profile", "fastapi-uvicorn", "--threads", "2", "--connections", "100",
                "--duration", "2s", "--warmup", "0s", "--port", Integer.toString(sandbox.port()),
                "--out", sandbox.out().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SweepResult result = ResultStore.readSweep(LoadctlProcesses.resultOf(sandbox.out()));
        assertThat(result.profile()).isEqualTo("fastapi-uvicorn");
        assertThat(result.parameters().target()).startsWith("/usr/bin/python3 -m uvicorn app:app");
        assertThat(result.preflight()).anySatisfy(check -> {
            assertThat(check.name()).isEqualTo("fastapi and uvicorn for /usr/bin/python3");
            assertThat(check.status()).isEqualTo("ok");
        });
        assertThat(result.points()).singleElement().satisfies(point -> {
            assertThat(point.threads()).isEqualTo(2);
            assertThat(point.iterations()).singleElement().satisfies(iteration -> {
                assertThat(iteration.statusCodes()).containsKey("200");
                assertThat(iteration.goodputPerSecond()).isPositive();
                assertThat(iteration.latencyMs().p50()).isBetween(200.0, 400.0);
                assertThat(iteration.cpu().serverCores()).as("uvicorn and its 2 workers").isPositive();
            });
        });
    }

    private static boolean fastapiInstalled() {
        try {
            Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import fastapi, uvicorn")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
