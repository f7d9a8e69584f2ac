package dev.loadctl.options;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.engine.CapacityPlan;
import dev.loadctl.preflight.MachineFacts;
import dev.loadctl.preflight.OpenFiles;
import dev.loadctl.profile.CapacityValues;
import dev.loadctl.profile.Profile;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.CapacitySetup.ConnectionLimit;
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

/** A capacity search resolved: the profile's blocks under the flags, and the machine's connection limit. */
class CapacitySettingsTest {

    /** This machine: hard open-files limit 20,000, ports 32768-60999. */
    private static final MachineFacts MACHINE = machine(20_000);

    @TempDir
    Path tmp;

    @Test
    void theDefaultProfilesCapacityBlockIsTheBuiltInDefaults() {
        Profile defaults = ProfileCatalog.standard().load("default");
        assertThat(defaults.capacity().over(CapacitySettings.DEFAULTS)).isEqualTo(CapacitySettings.DEFAULTS);
        assertThat(CapacitySettings.DEFAULTS.over(defaults.capacity())).isEqualTo(defaults.capacity());
    }

    @Test
    void theOriginalQuestionStartsAtLittlesLawWithHeadroomAndStopsAtTheOpenFilesLimit() {
        CapacitySetup setup = resolve(Optional.empty(), SweepValues.NONE, CapacityValues.NONE).capacity();

        assertThat(setup.startConnections()).as("20,000/s x 200 ms x 1.1").isEqualTo(4_400);
        // The bundled server at 8 threads keeps 25 descriptors of its own (9 + 2 per thread), wrk -t8 11.
        assertThat(setup.connectionLimit()).isEqualTo(new ConnectionLimit(19_975, ConnectionLimit.OPEN_FILES,
                "the open-files limit: hard 20,000, less the server's own 25 files"));
        assertThat(setup.maxErrorRate()).isEqualTo(0.001);
        assertThat(setup.resolution()).isEqualTo(0.05);
        assertThat(setup.growthFactor()).isEqualTo(1.4);
        assertThat(setup.probeDurationSeconds()).isEqualTo(3);
        assertThat(setup.probeWarmupSeconds()).isEqualTo(0);
        assertThat(setup.serverWarmupSeconds()).isEqualTo(30);
        assertThat(setup.confirmDurationSeconds()).isEqualTo(5);
        assertThat(setup.confirmIterations()).isEqualTo(3);
    }

    @Test
    void theSearchsOverridesAreTheFlagsNotTheConnectionsItChoseItself() {
        CapacityPlan plan = resolve(Optional.empty(), SweepValues.NONE.withThreads(List.of(1, 2)),
                CapacityValues.NONE.withProbeDuration("5s").withConfirmIterations(3));

        // confirm-iterations 3 is the default's; the connection limit the search set is its own, not a flag.
        assertThat(plan.parameters().overrides()).containsExactly(Map.entry("threads", "1,2"),
                Map.entry("probe-duration", "5s"));
        assertThat(resolve(Optional.empty(), SweepValues.NONE, CapacityValues.NONE).parameters().overrides())
                .isEmpty();
    }

    @Test
    void flagsOverrideTheProfilesBlocksWhichOverrideTheDefaults() throws Exception {
        Path file = Files.writeString(tmp.resolve("mine.yaml"), """
                sweep:
                  threads: [2]
                  target-rps: 5000
                capacity:
                  probe-duration: 2s
                  max-error-rate: 1%
                  max-connections: 3000
                  server-warmup: 10s
                """);
        Profile profile = ProfileCatalog.standard().load(file.toString());
        CapacityPlan plan = resolve(Optional.of(profile), SweepValues.NONE.withSlaP99("400ms"),
                CapacityValues.NONE.withMaxErrorRate("0.5%").withConfirmIterations(5));
        CapacitySetup setup = plan.capacity();

        assertThat(plan.parameters().threads()).containsExactly(2);
        assertThat(plan.parameters().slaP99Ms()).isEqualTo(400);
        assertThat(setup.startConnections()).isEqualTo(1_100);
        assertThat(setup.probeDurationSeconds()).isEqualTo(2);
        assertThat(setup.serverWarmupSeconds()).isEqualTo(10);
        assertThat(plan.freshTargetWarmup()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(resolve(Optional.of(profile), SweepValues.NONE, CapacityValues.NONE.withServerWarmup("0s"))
                .freshTargetWarmup()).as("the flag over the profile: no warm-up").isZero();
        assertThat(setup.maxErrorRate()).isEqualTo(0.005);
        assertThat(setup.confirmIterations()).isEqualTo(5);
        assertThat(setup.connectionLimit()).isEqualTo(new ConnectionLimit(3_000, ConnectionLimit.MAX_CONNECTIONS,
                "--max-connections 3,000"));
        assertThat(plan.preflight().connections()).as("preflight raises open files for the most it may use")
                .isEqualTo(3_000);
    }

    @Test
    void everyProbeOfTheSearchStartsStaggeredUnlessTheFlagOrTheProfileSaysNot() throws Exception {
        CapacityPlan staggered = resolve(Optional.empty(), SweepValues.NONE, CapacityValues.NONE);
        assertThat(staggered.next(List.of()).orElseThrow().load().staggerStart()).isEqualTo(Duration.ofMillis(200));
        assertThat(staggered.parameters().stagger()).isTrue();

        CapacityPlan flagOff = resolve(Optional.empty(), SweepValues.NONE.withStagger(false), CapacityValues.NONE);
        assertThat(flagOff.next(List.of()).orElseThrow().load().staggerStart()).isZero();
        assertThat(flagOff.parameters().stagger()).isFalse();
        assertThat(flagOff.parameters().overrides()).containsExactly(Map.entry("stagger", "false"));

        Path file = Files.writeString(tmp.resolve("unstaggered.yaml"), """
                sweep:
                  stagger: false
                """);
        CapacityPlan fromProfile = resolve(Optional.of(ProfileCatalog.standard().load(file.toString())),
                SweepValues.NONE, CapacityValues.NONE);
        assertThat(fromProfile.next(List.of()).orElseThrow().load().staggerStart()).isZero();
        assertThat(fromProfile.parameters().overrides()).isEmpty();
    }

    @Test
    void theLowestLimitWinsAndTheStartStaysWithinIt() {
        CapacitySetup ports = resolve(Optional.empty(), SweepValues.NONE, CapacityValues.NONE, machine(1_000_000))
                .capacity();
        assertThat(ports.connectionLimit().connections()).isEqualTo(28_232);
        assertThat(ports.connectionLimit().kind()).isEqualTo(ConnectionLimit.PORTS);
        assertThat(ports.connectionLimit().text()).contains("32768-60999");

        CapacitySetup capped = resolve(Optional.empty(), SweepValues.NONE, CapacityValues.NONE.withMaxConnections(1_000))
                .capacity();
        assertThat(capped.startConnections()).isEqualTo(1_000);
        assertThat(resolve(Optional.empty(), SweepValues.NONE, CapacityValues.NONE.withMaxConnections(50_000))
                .capacity().connectionLimit().kind()).isEqualTo(ConnectionLimit.OPEN_FILES);
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        assertUsage(CapacityValues.NONE.withMaxErrorRate("lots"), "--max-error-rate: 'lots' is not a share");
        assertUsage(CapacityValues.NONE.withMaxErrorRate("100%"), "--max-error-rate must be from 0 and below 100%");
        assertUsage(CapacityValues.NONE.withResolution("0%"), "--resolution must be above 0 and below 100%");
        assertUsage(CapacityValues.NONE.withGrowth(1.0), "--growth must be above 1 and at most 10");
        assertUsage(CapacityValues.NONE.withConfirmIterations(0), "--confirm-iterations must be at least 1");
        assertUsage(CapacityValues.NONE.withProbeDuration("500ms"), "--probe-duration must be 1s to 24h, got 500ms");
        assertUsage(CapacityValues.NONE.withServerWarmup("soon"), "--server-warmup");
        assertUsage(CapacityValues.NONE.withMaxConnections(4), "the search may open at most 4 connections"
                + " (--max-connections 4), fewer than the 8 wrk threads");
        assertThatThrownBy(() -> CapacitySettings.resolve(ProfileCatalog.standard(), "bench", SweepValues.NONE,
                CapacityValues.NONE, tmp)).isInstanceOf(LoadctlException.class).hasMessageContaining("bench profile");
    }

    private void assertUsage(CapacityValues flags, String message) {
        assertThatThrownBy(() -> resolve(Optional.empty(), SweepValues.NONE, flags))
                .isInstanceOf(LoadctlException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    private CapacityPlan resolve(Optional<Profile> profile, SweepValues sweep, CapacityValues capacity) {
        return resolve(profile, sweep, capacity, MACHINE);
    }

    private CapacityPlan resolve(Optional<Profile> profile, SweepValues sweep, CapacityValues capacity,
                                 MachineFacts machine) {
        return CapacitySettings.resolve(profile, sweep, capacity, tmp, machine);
    }

    private static MachineFacts machine(long hardOpenFiles) {
        return new MachineFacts("Debian", "6.1", "Test CPU", 2, new OpenFiles(1024, hardOpenFiles), 4096, 2048,
                32768, 60999, 2, "loadbox");
    }
}
