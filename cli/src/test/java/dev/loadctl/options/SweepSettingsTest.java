package dev.loadctl.options;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.profile.LoadctlHome;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.engine.LoadShape;
import dev.loadctl.engine.Plans;
import dev.loadctl.launch.BundledTarget;
import dev.loadctl.launch.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepSettingsTest {

    private static final Path HOME = LoadctlHome.find().orElseThrow();
    private static final ProfileCatalog CATALOG = new ProfileCatalog(List.of(HOME.resolve("profiles")));
    private static final Path OUT = Path.of("reports");

    @TempDir
    Path tmp;

    @Test
    void theDefaultProfileIsTheBuiltInDefaultsAndTheOriginalQuestion() {
        Profile defaults = CATALOG.load("default");
        assertThat(defaults.sweep().over(SweepSettings.DEFAULTS)).isEqualTo(SweepSettings.DEFAULTS);

        SweepSettings options = SweepSettings.resolve(Optional.empty(), SweepValues.NONE, OUT);
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
    void flagsThatChangeTheProfileAreItsOverridesAndFlagsThatRepeatItAreNot() {
        SweepValues flags = SweepValues.NONE.withConnections(500).withThreads(List.of(1, 2))
                .withDuration("10000ms").withTargetRps(2000.0).withSlaP99("300ms");
        SweepSettings options = SweepSettings.resolve(Optional.of(CATALOG.load("quick")), flags, OUT);

        // 10000ms is quick's 10s and 2000 its target: they change nothing. The order is the name's, not the flags'.
        assertThat(options.overrides()).containsExactly(Map.entry("threads", "1,2"), Map.entry("connections", "500"),
                Map.entry("sla-p99", "300ms"));
        assertThat(Plans.parameters(options).overrides()).isEqualTo(options.overrides());
        assertThat(SweepSettings.resolve(Optional.of(CATALOG.load("quick")), SweepValues.NONE, OUT).overrides())
                .isEmpty();
        assertThat(SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withConnections(20_000), OUT).overrides())
                .as("the default's own connections").isEmpty();
    }

    @Test
    void quickTakesAboutOneMinute() {
        SweepSettings quick = SweepSettings.resolve(Optional.of(CATALOG.load("quick")), SweepValues.NONE, OUT);
        assertThat(Plans.sweep(quick).outline().total()).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    }

    @Test
    void flagsOverrideTheProfileWhichOverridesTheDefaults() {
        SweepValues flags = SweepValues.NONE.withThreads(List.of(1, 2)).withConnections(400).withDuration("3s")
                .withIterations(2).withWrkThreads(1).withSlaP99("300ms").withPort(18080).withLua(false);
        SweepSettings options = SweepSettings.resolve(Optional.of(CATALOG.load("quick")), flags, OUT);
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
    void theStaggeredStartIsOnByDefaultAndAProfileKeyOrAFlagTurnsItOff() throws Exception {
        SweepSettings defaults = SweepSettings.resolve(Optional.empty(), SweepValues.NONE, OUT);
        assertThat(defaults.stagger()).isTrue();
        assertThat(wrkCommand(defaults)).endsWith("--", "stagger-ms", "200", "first-requests", "20000");
        assertThat(Plans.parameters(defaults).stagger()).isTrue();

        Path file = Files.writeString(tmp.resolve("unstaggered.yaml"), """
                sweep:
                  connections: 400
                  stagger: false
                """);
        Profile unstaggered = CATALOG.load(file.toString());
        SweepSettings fromProfile = SweepSettings.resolve(Optional.of(unstaggered), SweepValues.NONE, OUT);
        assertThat(fromProfile.stagger()).isFalse();
        assertThat(fromProfile.loadFor(1).staggerStart()).isZero();
        assertThat(wrkCommand(fromProfile)).as("the script runs, without its stagger arguments")
                .contains("-s").doesNotContain("--", "stagger-ms", "first-requests")
                .endsWith("http://127.0.0.1:8000/ping/");
        assertThat(Plans.parameters(fromProfile).stagger()).isFalse();
        assertThat(fromProfile.overrides()).as("the profile as written").isEmpty();

        SweepSettings flagOn = SweepSettings.resolve(Optional.of(unstaggered), SweepValues.NONE.withStagger(true), OUT);
        assertThat(wrkCommand(flagOn)).endsWith("--", "stagger-ms", "200", "first-requests", "400");
        assertThat(flagOn.overrides()).containsExactly(Map.entry("stagger", "true"));

        SweepSettings flagOff = SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withStagger(false), OUT);
        assertThat(wrkCommand(flagOff)).doesNotContain("stagger-ms");
        assertThat(flagOff.overrides()).containsExactly(Map.entry("stagger", "false"));
        assertThat(Plans.parameters(flagOff).overrides()).containsEntry("stagger", "false");
        assertThat(SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withStagger(true), OUT).overrides())
                .as("the default's own").isEmpty();

        SweepSettings noScript = SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withLua(false), OUT);
        assertThat(noScript.stagger()).as("asked for, but moot").isTrue();
        assertThat(Plans.parameters(noScript).stagger()).as("without the script nothing was staggered").isFalse();
    }

    /** The command line wrk gets for this point, as {@link dev.loadctl.engine.LocalWrk} runs it. */
    private static List<String> wrkCommand(SweepSettings options) {
        LoadShape load = options.loadFor(1);
        return load.invocation(load.duration()).command("wrk", load.lua() ? Path.of("loadctl.lua") : null);
    }

    @Test
    void theFastapiProfileBecomesAnArgumentListWithItsPlaceholdersFilled() {
        SweepValues flags = SweepValues.NONE.withConnections(300).withDelay("50ms").withPort(18081);
        SweepSettings options = SweepSettings.resolve(Optional.of(CATALOG.load("fastapi-uvicorn")), flags, OUT);
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
        assertThat(options.target().description()).as("filled but for what each point sets")
                .startsWith("/usr/bin/python3 -m uvicorn app:app --app-dir " + HOME.resolve("target-server")
                        .resolve("fastapi") + " --workers {threads} --host 127.0.0.1 --port 18081");
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        assertUsage(SweepValues.NONE.withDuration("5x"),
                "--duration: bad duration '5x'");
        assertUsage(SweepValues.NONE.withDuration("500ms"), "--duration must be 1s to 24h, got 500ms");
        assertUsage(SweepValues.NONE.withThreads(List.of(0, 2)),
                "--threads must list thread counts of 1 to 4096, got 0,2");
        assertUsage(SweepValues.NONE.withConnections(0), "--connections must be 1 to 10,000,000, got 0");
        assertUsage(SweepValues.NONE.withPort(70000), "--port must be 1-65535, got 70000");
    }

    private static void assertUsage(SweepValues flags, String message) {
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.empty(), flags, OUT))
                .isInstanceOf(LoadctlException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
