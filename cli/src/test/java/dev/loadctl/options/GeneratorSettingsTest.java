package dev.loadctl.options;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.BundledTarget;
import dev.loadctl.launch.Generators;
import dev.loadctl.launch.SshHost;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.profile.SweepValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where wrk runs, from flags and profiles: --generators, --generator-host, ssh options, --server-address. */
class GeneratorSettingsTest {

    private static final Path OUT = Path.of("reports");

    @Test
    void theOpenFilesRuleGivesTheFewestWrkProcessesThatOpenEveryConnection() {
        // wrk needs its connections + 3 + 1 per thread: one opens 19,996 of 20,000 at -t1 under 20,000.
        assertThat(Preflight.localGeneratorsFor(20_000, 19_996, 1)).isEqualTo(1);
        assertThat(Preflight.localGeneratorsFor(20_000, 20_000, 1)).isEqualTo(2);
        assertThat(Preflight.localGeneratorsFor(20_000, 20_000, 8)).isEqualTo(2);
        assertThat(Preflight.localGeneratorsFor(1_000, 5_000, 2)).isEqualTo(6);
        assertThat(Preflight.localGeneratorsFor(Long.MAX_VALUE, 1_000_000, 8)).isEqualTo(1);
    }

    @Test
    void hostsFromTheProfileWithTheirSshSettingsAndTheServerAddress(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("ssh_config"), "Host *\n");
        Path profile = Files.writeString(dir.resolve("remote.yaml"), """
                description: two generator hosts
                sweep:
                  threads: [1]
                  connections: 1000
                  generators: 2
                  generator-hosts: ["root@10.0.0.7", "gen2:2222"]
                  ssh-config: %s
                  ssh-options: ["IdentityFile=~/.ssh/loadgen"]
                  server-address: 10.0.0.4
                """.formatted(config));
        SweepSettings options = SweepSettings.resolve(Optional.of(new ProfileCatalog(List.of(dir)).load(
                profile.toString())), SweepValues.NONE, OUT);
        Generators generators = options.generators();
        assertThat(generators.perHost()).isEqualTo(2);
        assertThat(generators.count()).isEqualTo(4);
        assertThat(generators.hosts()).containsExactly(SshHost.parse("root@10.0.0.7"), SshHost.parse("gen2:2222"));
        assertThat(generators.ssh().configFile()).isEqualTo(config);
        assertThat(generators.ssh().options()).containsExactly("IdentityFile=~/.ssh/loadgen");
        assertThat(options.url()).isEqualTo("http://10.0.0.4:8000/ping/");
        assertThat(options.preflightRequest().generators()).isEqualTo(generators);
        assertThat(options.target().forThreads(1).command()).containsSubsequence("--host", "10.0.0.4");
    }

    @Test
    void flagsOverrideTheProfilesGeneratorsAndLocalIsTheDefault() {
        SweepSettings local = SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withConnections(100)
                .withGenerators(3), OUT);
        assertThat(local.generators().local()).isEqualTo(3);
        assertThat(local.generators().rule()).isEqualTo("--generators");
        assertThat(SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withConnections(100), OUT).generators())
                .isEqualTo(Generators.ONE_LOCAL);
    }

    @Test
    void hostsWithoutAServerAddressOrABadCountAreUsageErrors() {
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.empty(), SweepValues.NONE
                .withGeneratorHosts(List.of("gen1")), OUT)).isInstanceOf(LoadctlException.class)
                .hasMessageContaining("--server-address")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withGenerators(0), OUT))
                .isInstanceOf(LoadctlException.class).hasMessageContaining("--generators must be 1-64");
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.empty(), SweepValues.NONE
                .withSshOptions(List.of("-oProxyCommand=x")), OUT)).isInstanceOf(LoadctlException.class)
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.empty(), SweepValues.NONE
                .withServerAddress("-x"), OUT)).isInstanceOf(LoadctlException.class)
                .hasMessageContaining("--server-address");
    }

    @Test
    void aProfilesServerHostRunsTheBundledServerThereAndWrkConnectsToIt(@TempDir Path dir) throws IOException {
        Path profile = Files.writeString(dir.resolve("away.yaml"), """
                description: the bundled server on another host
                sweep:
                  threads: [1]
                  connections: 100
                  ssh-options: ["IdentityFile=~/.ssh/loadgen"]
                server:
                  host: root@10.0.0.7:2222
                """);
        SweepSettings options = SweepSettings.resolve(Optional.of(new ProfileCatalog(List.of(dir)).load(
                profile.toString())), SweepValues.NONE, OUT);
        assertThat(options.target()).isInstanceOf(BundledTarget.class);
        assertThat(options.target().serverHost().host()).isEqualTo(SshHost.parse("root@10.0.0.7:2222"));
        assertThat(options.target().serverHost().ssh().options()).containsExactly("IdentityFile=~/.ssh/loadgen");
        assertThat(options.url()).isEqualTo("http://10.0.0.7:8000/ping/");
        assertThat(options.preflightRequest().serverHost()).isEqualTo(options.target().serverHost());
        assertThat(options.serverCommand()).isEmpty();

        // The flag overrides the profile, and --server-address the address wrk connects to.
        SweepSettings flagged = SweepSettings.resolve(Optional.of(new ProfileCatalog(List.of(dir)).load(
                profile.toString())), SweepValues.NONE.withServerHost("srv").withServerAddress("10.0.0.9"), OUT);
        assertThat(flagged.target().serverHost().host()).isEqualTo(SshHost.parse("srv"));
        assertThat(flagged.url()).isEqualTo("http://10.0.0.9:8000/ping/");
    }

    @Test
    void aServerHostIsAnAddressGeneratorHostsCanReach() {
        SweepSettings options = SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withThreads(List.of(1))
                .withConnections(100).withGeneratorHosts(List.of("gen1")).withServerHost("root@srv"), OUT);
        assertThat(options.url()).isEqualTo("http://srv:8000/ping/");
        assertThat(options.generators().hosts()).containsExactly(SshHost.parse("gen1"));
    }

    @Test
    void aBadServerHostNamesItsFlagOrKey(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.empty(), SweepValues.NONE.withServerHost("-oProxy=x"),
                OUT)).isInstanceOfSatisfying(LoadctlException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageStartingWith("--server-host '-oProxy=x'");
        Path profile = Files.writeString(dir.resolve("bad.yaml"), "server:\n  host: \"root@\"\n");
        assertThatThrownBy(() -> SweepSettings.resolve(Optional.of(new ProfileCatalog(List.of(dir)).load(
                profile.toString())), SweepValues.NONE, OUT)).hasMessageStartingWith("server.host 'root@'");
        Path misplaced = Files.writeString(dir.resolve("misplaced.yaml"), "sweep:\n  server-host: srv\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of(dir)).load(misplaced.toString()))
                .hasMessageContaining("server.host");
    }
}
