package dev.loadctl.profile;

import dev.loadctl.launch.Placeholders;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.preflight.Requirement;
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
        // Within the 5,000 req/s that 1,000 connections allow a 200 ms handler, or quick could never pass.
        assertThat(quick.sweep().targetRps()).isEqualTo(2000.0);
        assertThat(quick.serverCommand()).isEmpty();

        Profile fastapi = catalog.load("fastapi-uvicorn");
        assertThat(fastapi.server().command()).startsWith("/usr/bin/python3", "-m", "uvicorn")
                .contains("{threads}", "{port}", "{server_dir}/fastapi");
        assertThat(fastapi.server().env()).containsEntry("LOADCTL_DELAY_MS", "{delay_ms}");
        assertThat(fastapi.requires()).singleElement().satisfies(requirement -> {
            assertThat(requirement.command()).containsExactly("/usr/bin/python3", "-c", "import fastapi, uvicorn");
            assertThat(requirement.fix()).contains("apt-get install python3-fastapi python3-uvicorn");
        });

        assertThat(catalog.list()).extracting(Profile::name)
                .containsExactly("bench", "default", "fastapi-uvicorn", "nginx-echo", "quick");
        assertThat(catalog.list()).allSatisfy(profile -> assertThat(profile.description()).isNotBlank());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        ProfileCatalog catalog = new ProfileCatalog(List.of(REPO_PROFILES));
        assertThatThrownBy(() -> catalog.load("qiuck"))
                .isInstanceOf(LoadctlException.class)
                .hasMessageStartingWith("unknown profile 'qiuck': known profiles are bench, default, fastapi-uvicorn,"
                        + " nginx-echo, quick")
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
                .hasMessageContaining("(line 3): unknown key 'sweep.conections'")
                .hasMessageContaining("connections, delay, duration")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWrongTypeNamesTheKey() throws Exception {
        Path file = tmp.resolve("type.yaml");
        Files.writeString(file, "sweep:\n  threads: [1, two]\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .hasMessageContaining("not valid at 'sweep.threads[1]' (line 2, column 16): expected a whole number")
                .hasMessageNotContaining("two")
                .hasMessageNotContaining("\n");
    }

    @Test
    void staggerIsASweepKeyThatTakesTrueOrFalse() throws Exception {
        Path off = Files.writeString(tmp.resolve("off.yaml"), "sweep:\n  stagger: false\n");
        assertThat(new ProfileCatalog(List.of()).load(off.toString()).sweep().stagger()).isFalse();
        assertThat(new ProfileCatalog(List.of(REPO_PROFILES)).load("default").sweep().stagger())
                .as("unset: the built-in default's").isNull();

        Path maybe = Files.writeString(tmp.resolve("maybe.yaml"), "sweep:\n  stagger: maybe\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(maybe.toString()))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining("not valid at 'sweep.stagger' (line 2, column 12): expected true or false")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));

        Path typo = Files.writeString(tmp.resolve("typo.yaml"), "sweep:\n  staggered: false\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(typo.toString()))
                .hasMessageContaining("(line 2): unknown key 'sweep.staggered'")
                .hasMessageContaining(", stagger, ");
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
    void aFileThatIsNotAProfileIsNamedButNeverEchoed() throws Exception {
        Path passwd = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        assertNotAProfile(passwd, "profile " + passwd + " is not valid (line 1, column 1): expected a mapping of keys"
                + " (bench, capacity, description, requires, server, sweep)");

        Path shadow = Files.writeString(tmp.resolve("shadow"), "root:*:20228:0:99999:7:::\n"
                + "daemon:*:20228:0:99999:7:::\n");
        assertNotAProfile(shadow, "profile " + shadow + " (line 1): a key loadctl does not know; known keys there:"
                + " bench, capacity, description, requires, server, sweep");
    }

    @Test
    void devicesFifosAndFoldersAreNotProfiles() throws Exception {
        assertNotAProfile(Path.of("/dev/null"), "profile file /dev/null is not a regular file (a device, FIFO or"
                + " socket): name a .yaml file");
        Path fifo = tmp.resolve("fifo.yaml");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertNotAProfile(fifo, "profile file " + fifo + " is not a regular file");
        }
        assertNotAProfile(tmp, "profile file " + tmp + " is a folder: name a .yaml file");
        assertNotAProfile(Files.writeString(tmp.resolve("empty.yaml"), "\n"), "is empty");
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsParsed() throws Exception {
        Path huge = tmp.resolve("huge.yaml");
        try (var out = Files.newBufferedWriter(huge)) {
            for (int i = 0; i < 400_000; i++) {
                out.write("key" + i + ": [" + i + ", {a: b}]\n");
            }
        }
        long started = System.nanoTime();

        assertNotAProfile(huge, "profile file " + huge + " is " + String.format(java.util.Locale.ROOT, "%.1f",
                Files.size(huge) / 1024.0) + " KB; a profile is a few KB of YAML and loadctl reads at most 64 KB");
        assertThat((System.nanoTime() - started) / 1e9).as("seconds to refuse").isLessThan(2);
    }

    private static void assertNotAProfile(Path file, String message) {
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("root")
                .hasMessageNotContaining("dev.loadctl")
                .hasMessageNotContaining("`")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
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

    @Test
    void nginxEchoRendersItsConfigFromTheServerTemplate() {
        Profile nginx = new ProfileCatalog(List.of(REPO_PROFILES)).load("nginx-echo");
        assertThat(nginx.server().command()).containsExactly("/usr/sbin/nginx", "-p", "{work_dir}", "-c",
                "{work_dir}/nginx.conf", "-e", "stderr");
        assertThat(nginx.server().files()).containsExactly(
                java.util.Map.entry("nginx.conf", "{server_dir}/nginx/nginx.conf.template"));
        assertThat(nginx.server().needsWorkDir()).isTrue();
        assertThat(nginx.server().readyPath()).isEqualTo("/health");
        assertThat(nginx.requires()).extracting(Requirement::command).containsExactly(
                List.of("/usr/bin/test", "-x", "/usr/sbin/nginx"),
                List.of("/usr/bin/test", "-f", "/usr/lib/nginx/modules/ngx_http_echo_module.so"));
        assertThat(nginx.requires()).allSatisfy(requirement ->
                assertThat(requirement.fix()).isEqualTo("apt-get install nginx-light libnginx-mod-http-echo"));
        assertThat(nginx.isBench()).isFalse();
    }

    @Test
    void theBenchProfileNamesItsTargetsAndGoals() {
        Profile bench = new ProfileCatalog(List.of(REPO_PROFILES)).load("bench");
        assertThat(bench.isBench()).isTrue();
        assertThat(bench.sweep().duration()).isEqualTo("20s");
        assertThat(bench.sweep().warmup()).isEqualTo("15s");
        assertThat(bench.sweep().threads()).isNull();
        assertThat(bench.bench().connections()).containsExactly(1000, 5000, 10000);
        assertThat(bench.bench().subjectName()).isEqualTo("bundled");
        assertThat(bench.bench().targets()).extracting(BenchValues.Target::name, BenchValues.Target::profile,
                BenchValues.Target::threads).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bundled", "default", List.of(1, 2)),
                org.assertj.core.groups.Tuple.tuple("nginx-echo", "nginx-echo", List.of(1, 2)),
                org.assertj.core.groups.Tuple.tuple("fastapi-uvicorn", "fastapi-uvicorn", List.of(1, 2)));
        assertThat(bench.bench().goals()).extracting(dev.loadctl.result.BenchSetup.Goal::name).containsExactly("vs nginx",
                "the origin's target on two cores", "Little's-law efficiency", "vs the origin's stack", "start-up",
                "loadctl's own cost");
        assertThat(bench.bench().goals().get(0)).satisfies(goal -> {
            assertThat(goal.peer()).isEqualTo("nginx-echo");
            assertThat(goal.minGoodputRatio()).isEqualTo(0.95);
            assertThat(goal.maxP99Ratio()).isEqualTo(1.10);
            assertThat(goal.everyThreadCount()).isTrue();
        });
        assertThat(bench.bench().goals().get(1).everyThreadCount()).isFalse();
    }

    @Test
    void aBadBenchProfileIsOneLineNamingTheKey() throws Exception {
        assertBadBench("bench:\n  connections: [100]\n  targets: []\n", "bench.targets is empty");
        assertBadBench("sweep:\n  threads: [1]\nbench:\n  connections: [100]\n  targets:\n    - profile: default\n"
                + "      threads: [1]\n", "sweep.threads: in a bench profile each target lists its own");
        assertBadBench("bench:\n  connections: [0]\n  targets:\n    - profile: default\n      threads: [1]\n",
                "bench.connections must list connection counts of 1 or more");
        assertBadBench("bench:\n  connections: [100]\n  targets:\n    - profile: default\n      threads: [1]\n"
                + "    - profile: default\n      threads: [2]\n", "bench.targets[1]: the name 'default' is used twice");
        assertBadBench("bench:\n  connections: [100]\n  targets:\n    - name: a/b\n      profile: default\n"
                + "      threads: [1]\n", "bench.targets[0].name 'a/b' may hold only");
        assertBadBench("bench:\n  connections: [100]\n  subject: mine\n  targets:\n    - profile: default\n"
                + "      threads: [1]\n", "bench.subject 'mine' is not a target; targets are default");
        assertBadBench("bench:\n  connections: [100]\n  targets:\n    - profile: default\n      threads: [1]\n"
                + "  goals:\n    - name: fast\n      min-goodput-ratio: 2\n", "a ratio needs peer:");
        assertBadBench("bench:\n  connections: [100]\n  targets:\n    - profile: default\n      threads: [1]\n"
                + "  goals:\n    - name: fast\n      max-p99: 2 secs\n", "bench.goals[0] (fast): bad duration '2 secs'");
        assertBadBench("bench:\n  connections: [100]\n  targets:\n    - profile: default\n      threads: [1]\n"
                + "  goals:\n    - name: nothing\n      connections: 100\n", "sets no criterion");
    }

    private void assertBadBench(String yaml, String message) throws Exception {
        Path file = Files.writeString(tmp.resolve("bad-bench.yaml"), yaml);
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining("profile " + file + ": ")
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void serverFilesMustBePlainNamesWithKnownPlaceholders() throws Exception {
        Path file = Files.writeString(tmp.resolve("files.yaml"),
                "server:\n  command: [\"/bin/true\"]\n  files:\n    ../escape.conf: \"{server_dir}/x\"\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .hasMessageContaining("server.files: '../escape.conf' must be a plain file name");
        Files.writeString(file, "server:\n  command: [\"/bin/true\"]\n  files:\n    a.conf: \"{workdir}/x\"\n");
        assertThatThrownBy(() -> new ProfileCatalog(List.of()).load(file.toString()))
                .hasMessageContaining("unknown placeholder {workdir}");
    }

    @Test
    void dollarBracesAreLeftForTheConfigsOwnVariables() {
        Placeholders placeholders = new Placeholders(java.util.Map.of("port", "8123", "work_dir", "/tmp/w"));
        assertThat(placeholders.fill("listen {port}; set $x ${request_id}; root {work_dir};", "template t"))
                .isEqualTo("listen 8123; set $x ${request_id}; root /tmp/w;");
        assertThatThrownBy(() -> placeholders.fill("a\n{nope}\n", "template /x/y.conf"))
                .hasMessageStartingWith("template /x/y.conf: unknown placeholder {nope}");
        assertThat(Placeholders.uses("-p {work_dir}", "work_dir")).isTrue();
        assertThat(Placeholders.uses("-p ${work_dir}", "work_dir")).isFalse();
    }
}
