package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.profile.LoadctlHome;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.Plans;
import dev.loadctl.launch.BundledTarget;
import dev.loadctl.launch.TargetSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliSweepOptionsTest {

    private static final Path HOME = LoadctlHome.find().orElseThrow();
    private static final ProfileCatalog CATALOG = new ProfileCatalog(List.of(HOME.resolve("profiles")));
    private static final Path OUT = Path.of("reports");

    @Test
    void theDefaultProfileIsTheBuiltInDefaultsAndTheOriginalQuestion() {
        Profile defaults = CATALOG.load("default");
        assertThat(defaults.sweep().over(CliSweepOptions.DEFAULTS)).isEqualTo(CliSweepOptions.DEFAULTS);

        CliSweepOptions options = CliSweepOptions.resolve(Optional.empty(), SweepValues.NONE, OUT);
        assertThat(options.profileName()).isEqualTo("default");
        assertThat(options.threads()).containsExactly(1, 2, 4, 8);
        assertThat(options.connections()).isEqualTo(20_000);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.iterations()).isEqualTo(1);
        assertThat(options.wrkThreads()).isNull();
        assertThat(options.wrkThreadsFor(4)).isEqualTo(4);
        assertThat(options.targetRps()).isEqualTo(20_000);
        assertThat(options.slaP99()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.delay()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.port()).isEqualTo(8000);
        assertThat(options.url()).isEqualTo("http://127.0.0.1:8000/ping/");
        assertThat(options.target()).isInstanceOf(BundledTarget.class);
    }

    @Test
    void quickTakesAboutOneMinute() {
        CliSweepOptions quick = CliSweepOptions.resolve(Optional.of(CATALOG.load("quick")), SweepValues.NONE, OUT);
        assertThat(Plans.sweep(quick).outline().total()).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    }

    @Test
    void flagsOverrideTheProfileWhichOverridesTheDefaults() {
        SweepValues flags = new SweepValues(List.of(1, 2), 400, "3s", null, 2, 1, null, "300ms", null, null, 18080,
                null, false, null);
        CliSweepOptions options = CliSweepOptions.resolve(Optional.of(CATALOG.load("quick")), flags, OUT);
        assertThat(options.threads()).containsExactly(1, 2);
        assertThat(options.connections()).isEqualTo(400);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.warmup()).as("from quick").isEqualTo(Duration.ofSeconds(2));
        assertThat(options.iterations()).isEqualTo(2);
        assertThat(options.wrkThreadsFor(2)).isEqualTo(1);
        assertThat(options.slaP99()).isEqualTo(Duration.ofMillis(300));
        assertThat(options.timeout()).as("default").isEqualTo(Duration.ofSeconds(2));
        assertThat(options.port()).isEqualTo(18080);
        assertThat(options.lua()).isFalse();
        assertThat(options.profileName()).isEqualTo("quick");

        TargetSpec spec = options.target().forThreads(2);
        assertThat(spec.command()).contains(BundledTarget.MAIN_CLASS).containsSequence("--threads", "2")
                .containsSequence("--port", "18080").containsSequence("--delay", "200ms")
                .containsSequence("--backlog", "400").contains("--exit-on-stdin-close", "-XX:+UseParallelGC");
        assertThat(spec.readyUrl()).hasToString("http://127.0.0.1:18080/health");
    }

    @Test
    void theFastapiProfileBecomesAnArgumentListWithItsPlaceholdersFilled() {
        SweepValues flags = new SweepValues(null, 300, null, null, null, null, null, null, "50ms", null, 18081,
                null, null, null);
        CliSweepOptions options = CliSweepOptions.resolve(Optional.of(CATALOG.load("fastapi-uvicorn")), flags, OUT);
        TargetSpec spec = options.target().forThreads(4);
        List<String> command = spec.command();
        int python = command.indexOf("/usr/bin/python3");
        assertThat(command.subList(python, command.size())).containsExactly("/usr/bin/python3", "-m", "uvicorn",
                "app:app", "--app-dir", HOME.resolve("target-server").resolve("fastapi").toString(),
                "--workers", "4", "--host", "127.0.0.1", "--port", "18081", "--backlog", "300",
                "--log-level", "warning");
        assertThat(spec.env()).containsEntry("LOADCTL_DELAY_MS", "50");
        assertThat(spec.readyUrl()).hasToString("http://127.0.0.1:18081/health");
        assertThat(options.requirements()).hasSize(1);
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.target().description()).startsWith("/usr/bin/python3 -m uvicorn app:app --app-dir {server_dir}");
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        assertUsage(new SweepValues(null, null, "5x", null, null, null, null, null, null, null, null, null, null, null),
                "--duration: bad duration '5x'");
        assertUsage(new SweepValues(null, null, "500ms", null, null, null, null, null, null, null, null, null, null,
                null), "--duration must be 1s to 24h, got 500ms");
        assertUsage(new SweepValues(List.of(0, 2), null, null, null, null, null, null, null, null, null, null, null,
                null, null), "--threads must list thread counts of 1 to 4096, got 0,2");
        assertUsage(new SweepValues(null, 0, null, null, null, null, null, null, null, null, null, null, null, null),
                "--connections must be 1 to 10,000,000, got 0");
        assertUsage(new SweepValues(null, null, null, null, null, null, null, null, null, null, 70000, null, null,
                null), "--port must be 1-65535, got 70000");
    }

    private static void assertUsage(SweepValues flags, String message) {
        assertThatThrownBy(() -> CliSweepOptions.resolve(Optional.empty(), flags, OUT))
                .isInstanceOf(LoadctlException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
