package dev.loadctl.profile;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileCatalogTest {

    private static final Path REPO_PROFILES = LoadctlHome.find().orElseThrow().resolve("profiles");

    @TempDir
    Path tmp;

    @Test
    void findsTheCheckoutFromTheClassesFolder() {
        assertThat(LoadctlHome.find()).hasValueSatisfying(home -> {
            assertThat(home.resolve("profiles/default.yaml")).isRegularFile();
            assertThat(home.resolve("target-server")).isDirectory();
        });
    }

    @Test
    void readsTheBundledProfiles() {
        ProfileCatalog catalog = new ProfileCatalog(List.of(REPO_PROFILES));

        Profile quick = catalog.load("quick");
        assertThat(quick.name()).isEqualTo("quick");
        assertThat(quick.sweep().threads()).containsExactly(1, 2, 4, 8);
        assertThat(quick.sweep().connections()).isEqualTo(1000);
        assertThat(quick.sweep().duration()).isEqualTo("10s");
        assertThat(quick.serverCommand()).isEmpty();

        Profile fastapi = catalog.load("fastapi-uvicorn");
        assertThat(fastapi.server().command()).startsWith("/usr/bin/python3", "-m", "uvicorn")
                .contains("{threads}", "{port}", "{server_dir}/fastapi");
        assertThat(fastapi.server().env()).containsEntry("LOADCTL_DELAY_MS", "{delay_ms}");
        assertThat(fastapi.requires()).singleElement().satisfies(requirement -> {
            assertThat(requirement.command()).containsExactly("/usr/bin/python3", "-c", "import fastapi, uvicorn");
            assertThat(requirement.fix()).contains("apt-get install python3-fastapi python3-uvicorn");
        });

        assertThat(catalog.list()).extracting(Profile::name).containsExactly("default", "fastapi-uvicorn", "quick");
        assertThat(catalog.list()).allSatisfy(profile -> assertThat(profile.description()).isNotBlank());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        ProfileCatalog catalog = new ProfileCatalog(List.of(REPO_PROFILES));
        assertThatThrownBy(() -> catalog.load("qiuck"))
                .isInstanceOf(LoadctlException.class)
                .hasMessageStartingWith("unknown profile 'qiuck': known profiles are default, fastapi-uvicorn, quick")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void anEarlierFolderHidesTheSameNameAndAFileIsReadByPath() throws Exception {
        Path local = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(local.resolve("quick.yaml"), "description: my quick\nsweep:\n  connections: 10\n");
        ProfileCatalog catalog = new ProfileCatalog(List.of(local, REPO_PROFILES));

        assertThat(catalog.load("quick").sweep().connections()).isEqualTo(10);
        assertThat(catalog.list()).filteredOn(profile -> profile.name().equals("quick")).singleElement()
                .extracting(Profile::description).isEqualTo("my quick");
        assertThat(catalog.load(REPO_PROFILES.resolve("quick.yaml").toString()).sweep().connections()).isEqualTo(1000);
    }

    @Test
    void aTypoInAKeyIsOneLineWithTheFileAndLine() throws Exception {
        Path file = tmp.resolve("typo.yaml");
        Files.writeString(file, "description: x\nsweep:\n  conections: 10\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown key 'sweep.conections'")
                .hasMessageContaining("connections, delay, duration")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWrongTypeNamesTheKey() throws Exception {
        Path file = tmp.resolve("type.yaml");
        Files.writeString(file, "sweep:\n  threads: [1, two]\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .hasMessageContaining("not valid at 'sweep.threads[1]'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnknownPlaceholderIsRejectedWhenTheProfileIsRead() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "server:\n  command: [\"/bin/echo\", \"{thread}\"]\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .hasMessageContaining("unknown placeholder {thread}")
                .hasMessageContaining("{threads}");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(tmp.resolve("nope.yaml").toString()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void placeholdersFillEachArgumentWithoutAShell() {
        Placeholders placeholders = new Placeholders(java.util.Map.of("threads", "4", "port", "8123",
                "server_dir", "/opt/my dir; rm -rf /"));
        assertThat(placeholders.fill(List.of("--workers", "{threads}", "--app-dir", "{server_dir}/fastapi",
                "127.0.0.1:{port}")))
                .containsExactly("--workers", "4", "--app-dir", "/opt/my dir; rm -rf //fastapi", "127.0.0.1:8123");
        assertThatThrownBy(() -> placeholders.fill("{delay_ms}")).hasMessageContaining("cannot fill {delay_ms}");
    }
}
