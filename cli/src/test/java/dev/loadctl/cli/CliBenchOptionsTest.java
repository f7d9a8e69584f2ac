package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.profile.LoadctlHome;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.BenchPlan;
import dev.loadctl.engine.BenchTarget;
import dev.loadctl.engine.SweepOptions;
import dev.loadctl.launch.BundledTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bench profile becomes sub-sweeps that share every wrk setting and keep only their target's server. */
class CliBenchOptionsTest {

    private static final Path HOME = LoadctlHome.find().orElseThrow();
    private static final ProfileCatalog CATALOG = new ProfileCatalog(List.of(HOME.resolve("profiles")));
    private static final Path OUT = Path.of("reports");
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @TempDir
    Path tmp;

    @Test
    void theBundledBenchSharesWrkSettingsAndTakesOnlyTheServerFromEachProfile() {
        BenchPlan plan = CliBenchOptions.resolve(CATALOG, null, SweepValues.NONE, null, OUT);

        assertThat(plan.profileName()).isEqualTo("bench");
        assertThat(plan.connections()).containsExactly(1000, 5000, 10000);
        assertThat(plan.subject()).isEqualTo("bundled");
        assertThat(plan.targets()).extracting(BenchTarget::name).containsExactly("bundled", "nginx-echo",
                "fastapi-uvicorn");
        assertThat(plan.parameters().wrkThreads()).isEqualTo(CORES);
        assertThat(plan.parameters().durationSeconds()).isEqualTo(20);
        assertThat(plan.parameters().warmupSeconds()).isEqualTo(5);
        assertThat(plan.goals()).hasSize(6);
        assertThat(plan.perPoint()).isEqualTo(Duration.ofSeconds(27));
        assertThat(plan.points(plan.targets())).isEqualTo(18);

        Path folder = tmp.resolve("nginx-echo-c5000");
        for (BenchTarget target : plan.targets()) {
            SweepOptions options = target.sweepAt(5000, folder);
            assertThat(options.threads()).containsExactly(1, 2);
            assertThat(options.connections()).isEqualTo(5000);
            assertThat(options.duration()).as("the bench's, not the target profile's 30 s")
                    .isEqualTo(Duration.ofSeconds(20));
            assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.wrkThreadsFor(1)).isEqualTo(CORES);
            assertThat(options.wrkThreadsFor(2)).isEqualTo(CORES);
            assertThat(options.delay()).isEqualTo(Duration.ofMillis(200));
            assertThat(options.resultFolder()).isEqualTo(folder);
        }
        assertThat(plan.targets().get(0).sweepAt(1000, null).target()).isInstanceOf(BundledTarget.class);
        assertThat(plan.targets().get(1).sweepAt(1000, null).serverCommand()).startsWith("/usr/sbin/nginx");
        assertThat(plan.targets().get(1).sweepAt(1000, null).requirements()).hasSize(2);
        assertThat(plan.targets().get(2).sweepAt(1000, null).readyTimeout()).as("uvicorn's own ready-timeout")
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(plan.targets().get(0).sweepAt(1000, null).readyTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void flagsOverrideTheProfileForEveryTarget() {
        SweepValues flags = new SweepValues(null, null, "3s", "0s", 2, 1, null, null, null, null, 18099, null, null,
                null);
        BenchPlan plan = CliBenchOptions.resolve(CATALOG, "bench", flags, List.of(200), OUT);

        assertThat(plan.connections()).containsExactly(200);
        assertThat(plan.parameters().wrkThreads()).isEqualTo(1);
        assertThat(plan.parameters().wrkThreadsRule()).isEqualTo("--wrk-threads");
        assertThat(plan.parameters().iterations()).isEqualTo(2);
        SweepOptions uvicorn = plan.targets().get(2).sweepAt(200, null);
        assertThat(uvicorn.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(uvicorn.warmup()).isZero();
        assertThat(uvicorn.port()).isEqualTo(18099);
        assertThat(uvicorn.target().forThreads(2).command()).containsSequence("--port", "18099")
                .containsSequence("--workers", "2").containsSequence("--backlog", "200");
    }

    @Test
    void aSweepProfileOrAnUnknownTargetIsOneLineUsageError() throws Exception {
        assertUsage(() -> CliBenchOptions.resolve(CATALOG, "quick", SweepValues.NONE, null, OUT),
                "profile 'quick' is a sweep profile (it has no bench: section): run it with loadctl sweep"
                        + " --profile quick, or name a bench profile such as bench");
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), """
                bench:
                  connections: [100]
                  targets:
                    - name: mine
                      profile: my-server
                      threads: [1]
                """);
        assertUsage(() -> CliBenchOptions.resolve(CATALOG, typo.toString(), SweepValues.NONE, null, OUT),
                "bench profile typo, target mine: unknown profile 'my-server': known profiles are bench, default,");
        assertUsage(() -> CliBenchOptions.resolve(CATALOG, "bench", SweepValues.NONE, List.of(0), OUT),
                "--connections must list connection counts of 1 or more");
        assertUsage(() -> CliBenchOptions.resolve(CATALOG, "bench", new SweepValues(null, null, "soon", null, null,
                        null, null, null, null, null, null, null, null, null), null, OUT),
                "--duration: bad duration 'soon'");

        CliRun run = CliRun.of("sweep", "--profile", "bench");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("loadctl: profile 'bench' is a bench profile (it has bench:): run it with"
                + " loadctl bench --profile bench, or name a sweep profile (see loadctl profiles)\n");
    }

    private static void assertUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(LoadctlException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
