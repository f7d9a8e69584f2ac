package dev.loadctl.options;

import dev.loadctl.ExitCode;
import dev.loadctl.cli.CliRun;
import dev.loadctl.LoadctlException;
import dev.loadctl.profile.LoadctlHome;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.FixedPlan;
import dev.loadctl.engine.Probe;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.BenchSetup.TargetStatus;
import org.assertj.core.groups.Tuple;
import dev.loadctl.launch.BundledTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bench profile becomes one plan whose points share every wrk setting and keep only their target's server. */
class BenchSettingsTest {

    private static final Path HOME = LoadctlHome.find().orElseThrow();
    private static final ProfileCatalog CATALOG = new ProfileCatalog(List.of(HOME.resolve("profiles")));
    private static final Path OUT = Path.of("reports");
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @TempDir
    Path tmp;

    @Test
    void theBundledBenchSharesWrkSettingsAndTakesOnlyTheServerFromEachProfile() {
        FixedPlan plan = BenchSettings.resolve(CATALOG, null, SweepValues.NONE, null, OUT);

        assertThat(plan.name()).isEqualTo("bench");
        assertThat(plan.kind()).isEqualTo("bench");
        assertThat(plan.goesOnAfterFailure()).isTrue();
        assertThat(plan.bench().connections()).containsExactly(1000, 5000, 10000);
        assertThat(plan.bench().subject()).isEqualTo("bundled");
        assertThat(plan.bench().targets()).extracting(TargetStatus::name).containsExactly("bundled", "nginx-echo",
                "fastapi-uvicorn");
        assertThat(plan.bench().wrkThreads()).isEqualTo(CORES);
        assertThat(plan.parameters().durationSeconds()).isEqualTo(20);
        assertThat(plan.parameters().warmupSeconds()).isEqualTo(15);
        assertThat(plan.bench().goals()).hasSize(6);
        List<String> measured = plan.bench().targets().stream()
                .filter(target -> BenchSetup.MEASURED.equals(target.status())).map(TargetStatus::name).toList();
        assertThat(plan.probes()).hasSize(3 * 2 * measured.size());
        assertThat(plan.outline().perPoint(plan.probes().get(0))).isEqualTo(Duration.ofSeconds(37));
        // Connection counts outermost, then targets in profile order, then thread counts.
        assertThat(plan.probes().subList(0, 2)).extracting(Probe::target, Probe::threads)
                .containsExactly(Tuple.tuple("bundled", 1), Tuple.tuple("bundled", 2));

        for (Probe probe : plan.probes()) {
            assertThat(probe.load().duration()).as("the bench's, not the target profile's 30 s")
                    .isEqualTo(Duration.ofSeconds(20));
            assertThat(probe.load().warmup()).isEqualTo(Duration.ofSeconds(15));
            assertThat(probe.load().wrkThreads()).as("same wrk -t for every point").isEqualTo(CORES);
            assertThat(probe.readyTimeout()).isEqualTo(Duration.ofSeconds(
                    probe.target().equals("fastapi-uvicorn") ? 60 : 30));
        }
        assertThat(plan.probes().stream().filter(probe -> probe.load().connections() == 5000)).hasSize(
                2 * measured.size());
        assertThat(plan.probes().get(0).launcher()).isInstanceOf(BundledTarget.class);
        assertThat(plan.parameters().overrides()).as("the profile as written").isEmpty();
    }

    @Test
    void flagsOverrideTheProfileForEveryTarget() {
        SweepValues flags = SweepValues.NONE.withDuration("3s").withWarmup("0s").withIterations(2).withWrkThreads(1)
                .withPort(18099);
        FixedPlan plan = BenchSettings.resolve(CATALOG, "bench", flags, List.of(200), OUT);

        assertThat(plan.bench().connections()).containsExactly(200);
        // Recorded, and named in the folder, as what changed the profile; 20s is the profile's own duration.
        assertThat(plan.parameters().overrides()).containsExactly(Map.entry("connections", "200"),
                Map.entry("wrk-threads", "1"), Map.entry("duration", "3s"), Map.entry("warmup", "0s"),
                Map.entry("iterations", "2"), Map.entry("port", "18099"));
        assertThat(BenchSettings.resolve(CATALOG, "bench", SweepValues.NONE.withDuration("20s"),
                List.of(1000, 5000, 10000), OUT).parameters().overrides()).isEmpty();
        assertThat(plan.bench().wrkThreads()).isEqualTo(1);
        assertThat(plan.bench().wrkThreadsRule()).isEqualTo("--wrk-threads");
        assertThat(plan.parameters().iterations()).isEqualTo(2);
        for (Probe probe : plan.probes()) {
            assertThat(probe.load().duration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(probe.load().warmup()).isZero();
            assertThat(probe.port()).isEqualTo(18099);
        }
        plan.probes().stream().filter(probe -> probe.target().equals("fastapi-uvicorn") && probe.threads() == 2)
                .findFirst().ifPresent(uvicorn -> assertThat(uvicorn.launcher().forThreads(2).command())
                        .containsSequence("--port", "18099").containsSequence("--workers", "2")
                        .containsSequence("--backlog", "200"));
    }

    @Test
    void theStaggeredStartIsTheBenchsForEveryTargetAndAFlagOverridesIt() throws Exception {
        FixedPlan bench = BenchSettings.resolve(CATALOG, "bench", SweepValues.NONE, null, OUT);
        assertThat(bench.probes()).as("the bench profile starts every target as wrk alone does")
                .allSatisfy(probe -> assertThat(probe.load().staggerStart()).isZero());
        assertThat(bench.parameters().stagger()).isFalse();
        assertThat(bench.parameters().overrides()).isEmpty();

        Path unsaid = Files.writeString(tmp.resolve("unsaid.yaml"), """
                bench:
                  connections: [100]
                  targets:
                    - name: bundled
                      profile: default
                      threads: [1, 2]
                """);
        FixedPlan byDefault = BenchSettings.resolve(CATALOG, unsaid.toString(), SweepValues.NONE, null, OUT);
        assertThat(byDefault.probes()).hasSize(2).allSatisfy(probe -> assertThat(probe.load().staggerStart())
                .as("on by default").isEqualTo(Duration.ofMillis(200)));
        assertThat(byDefault.parameters().stagger()).isTrue();

        FixedPlan flagOn = BenchSettings.resolve(CATALOG, "bench", SweepValues.NONE.withStagger(true), null, OUT);
        assertThat(flagOn.probes()).allSatisfy(probe -> assertThat(probe.load().staggerStart())
                .isEqualTo(Duration.ofMillis(200)));
        assertThat(flagOn.parameters().stagger()).isTrue();
        assertThat(flagOn.parameters().overrides()).containsExactly(Map.entry("stagger", "true"));

        FixedPlan flagOff = BenchSettings.resolve(CATALOG, unsaid.toString(), SweepValues.NONE.withStagger(false),
                null, OUT);
        assertThat(flagOff.probes()).allSatisfy(probe -> assertThat(probe.load().staggerStart()).isZero());
        assertThat(flagOff.parameters().overrides()).containsExactly(Map.entry("stagger", "false"));
    }

    @Test
    void aSweepProfileOrAnUnknownTargetIsOneLineUsageError() throws Exception {
        assertUsage(() -> BenchSettings.resolve(CATALOG, "quick", SweepValues.NONE, null, OUT),
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
        assertUsage(() -> BenchSettings.resolve(CATALOG, typo.toString(), SweepValues.NONE, null, OUT),
                "bench profile typo, target mine: unknown profile 'my-server': known profiles are bench, default,");
        assertUsage(() -> BenchSettings.resolve(CATALOG, "bench", SweepValues.NONE, List.of(0), OUT),
                "--connections must list connection counts of 1 or more");
        assertUsage(() -> BenchSettings.resolve(CATALOG, "bench", SweepValues.NONE.withDuration("soon"), null, OUT),
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
