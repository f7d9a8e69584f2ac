package dev.loadctl.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ServerClassArchiveTest {

    @TempDir
    Path dir;

    @Test
    void aNewArchiveLeavesOnlyTheMostRecentOnesInTheCache() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        List<Path> old = new ArrayList<>();
        for (int i = 0; i < ServerClassArchive.KEPT + 3; i++) {
            Path archive = Files.write(cache.resolve("server-" + i + ".jsa"), new byte[]{1});
            Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000L * (i + 1)));
            old.add(archive);
        }
        Path other = Files.write(cache.resolve("notes.txt"), new byte[]{1});
        Path jar = Files.write(dir.resolve("loadctl.jar"), new byte[]{1, 2, 3});

        String writing = ServerClassArchive.jvmOptions(jar.toString(), cache).get(0);
        assertThat(writing).startsWith("-XX:ArchiveClassesAtExit=");
        // Room for the one about to be written: the KEPT - 1 newest stay, the oldest go; other files stay.
        assertThat(old.subList(0, 4)).allSatisfy(archive -> assertThat(archive).doesNotExist());
        assertThat(old.subList(4, old.size())).allSatisfy(archive -> assertThat(archive).exists());
        assertThat(other).exists();
        // Once written, it is mapped, and mapping deletes nothing.
        Files.write(Path.of(writing.substring(writing.indexOf('=') + 1)), new byte[]{42});
        assertThat(ServerClassArchive.jvmOptions(jar.toString(), cache).get(0)).startsWith("-XX:SharedArchiveFile=");
        assertThat(old.subList(4, old.size())).allSatisfy(archive -> assertThat(archive).exists());
    }

    @Test
    void theFirstServerWritesTheArchiveAndLaterOnesMapIt() throws Exception {
        Path jar = Files.write(dir.resolve("loadctl.jar"), new byte[]{1, 2, 3});
        Path cache = dir.resolve("cache");

        List<String> first = ServerClassArchive.jvmOptions(jar.toString(), cache);
        assertThat(first).hasSize(2).last().isEqualTo("-Xlog:cds*=off");
        assertThat(first.get(0)).startsWith("-XX:ArchiveClassesAtExit=" + cache.resolve("server-"));
        assertThat(cache).isDirectory();

        Path archive = Path.of(first.get(0).substring(first.get(0).indexOf('=') + 1));
        Files.write(archive, new byte[]{42});
        assertThat(ServerClassArchive.jvmOptions(jar.toString(), cache))
                .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
    }

    @Test
    void aRebuiltJarGetsAnArchiveOfItsOwn() throws Exception {
        Path jar = Files.write(dir.resolve("loadctl.jar"), new byte[]{1, 2, 3});
        Path cache = dir.resolve("cache");
        String before = ServerClassArchive.jvmOptions(jar.toString(), cache).get(0);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        assertThat(ServerClassArchive.jvmOptions(jar.toString(), cache).get(0)).isNotEqualTo(before);
    }

    @Test
    void classDirectoriesAsInATestRunGetNoArchive() throws Exception {
        Path jar = Files.write(dir.resolve("loadctl.jar"), new byte[]{1});
        Path classes = Files.createDirectories(dir.resolve("classes"));

        assertThat(ServerClassArchive.jvmOptions(classes.toString(), dir.resolve("cache"))).isEmpty();
        assertThat(ServerClassArchive.jvmOptions(jar + File.pathSeparator + classes, dir.resolve("cache"))).isEmpty();
        assertThat(ServerClassArchive.jvmOptions(dir.resolve("missing.jar").toString(), dir.resolve("cache"))).isEmpty();
    }

    @Test
    void aMissingArchiveIsNamedUntilItExists() throws Exception {
        Path jar = Files.write(dir.resolve("loadctl.jar"), new byte[]{1, 2, 3});
        Path cache = dir.resolve("cache");

        Path archive = ServerClassArchive.missing(jar.toString(), cache).orElseThrow();
        assertThat(ServerClassArchive.jvmOptions(jar.toString(), cache)).first()
                .isEqualTo("-XX:ArchiveClassesAtExit=" + archive);

        Files.write(archive, new byte[]{42});
        assertThat(ServerClassArchive.missing(jar.toString(), cache)).isEmpty();
        assertThat(ServerClassArchive.missing(dir.toString(), cache)).isEmpty();
    }

    /**
     * The unmeasured start makes an archive that the JVM maps for the bundled server's own classes; real JVMs, the
     * real server, and it is stopped after.
     */
    @Test
    void anUnmeasuredStartMakesAnArchiveThatTheServerMaps() throws Exception {
        // The JVM archives classes from jars only: the test's class folders packed, as for a server host.
        String classPath = ShippedClassPath.files().stream().map(Path::toString)
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        Path archive = dir.resolve("cache").resolve("server.jsa");
        Files.createDirectories(archive.getParent());
        int port = Ports.anyFree("127.0.0.1");
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(ServerClassArchive.writing(archive));
        command.addAll(List.of("-cp", classPath, BundledTarget.MAIN_CLASS, "--port", Integer.toString(port),
                "--exit-on-stdin-close"));
        String origin = "http://127.0.0.1:" + port;
        TargetSpec spec = new TargetSpec(command, Map.of(), URI.create(origin + "/health"),
                URI.create(origin + "/ping/"), null, URI.create(origin + "/stats"));

        assertThat(ServerClassArchive.make(archive, spec, Duration.ofSeconds(60))).isTrue();

        assertThat(archive).isRegularFile();
        assertThat(Ports.isFree("127.0.0.1", port)).as("the archive's server has stopped").isTrue();
        // -Xshare:on: the JVM fails rather than run without the archive. A bad flag makes the server exit 2 at once.
        Process mapped = new ProcessBuilder(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info", "-cp", classPath, BundledTarget.MAIN_CLASS, "--no-such-flag")
                .redirectErrorStream(true).start();
        mapped.getOutputStream().close();
        String output = new String(mapped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mapped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output.lines().filter(line -> line.contains(" " + BundledTarget.MAIN_CLASS + " ")))
                .singleElement().asString().contains("shared objects file (top)");
    }

    @Test
    void aServerThatDoesNotStartMakesNoArchive() {
        Path archive = dir.resolve("server.jsa");
        TargetSpec spec = new TargetSpec(List.of("/bin/sh", "-c", "exit 1"), Map.of(),
                URI.create("http://127.0.0.1:" + Ports.anyFree("127.0.0.1") + "/health"));

        assertThat(ServerClassArchive.make(archive, spec, Duration.ofSeconds(10))).isFalse();
        assertThat(archive).doesNotExist();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
