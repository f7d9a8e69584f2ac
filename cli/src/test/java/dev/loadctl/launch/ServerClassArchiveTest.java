package dev.loadctl.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerClassArchiveTest {

    @TempDir
    Path dir;

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
}
