package dev.loadctl.result;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ResultStoreTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileWholeAndLeavesNoTemporaryBehind() throws Exception {
        Path file = dir.resolve("sub/result.json");
        ResultStore.writeAtomically(file, "first");
        ResultStore.writeAtomically(file, "second");

        assertThat(file).hasContent("second");
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void resultsAreReadableByOthersLikeAnyFile() throws Exception {
        Path file = dir.resolve("result.json");
        ResultStore.writeAtomically(file, "{}");

        assertThat(Files.getPosixFilePermissions(file))
                .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }

    @Test
    void aFileThatIsNotJsonIsOneClearLine() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "Running 30s test @ http://localhost:8000/ping/\n");

        assertThatThrownBy(() -> ResultStore.readSweep(file))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT));
    }

    @Test
    void aFifoIsWrittenThroughAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("results.fifo");
        assumeTrue(exec("mkfifo", fifo.toString()) == 0, "mkfifo is not available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        ResultStore.writeAtomically(fifo, "{\"schemaVersion\" : 1}\n");

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("{\"schemaVersion\" : 1}\n");
        assertThat(attributes(fifo).isOther()).as("still a FIFO").isTrue();
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(fifo);
        }
    }

    @Test
    void aSymbolicLinkKeepsPointingAtItsTargetWhichIsReplacedAtomically() throws Exception {
        Path target = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("result.json"), Path.of("elsewhere", "real.json"));
        Path dangling = Files.createSymbolicLink(dir.resolve("new.json"), Path.of("elsewhere", "new-real.json"));

        ResultStore.writeAtomically(link, "new");
        ResultStore.writeAtomically(dangling, "created");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("elsewhere", "real.json"));
        assertThat(target).hasContent("new");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(dir.resolve("elsewhere/new-real.json")).hasContent("created");
        try (var entries = Files.list(target.getParent())) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("real.json", "new-real.json");
        }
    }

    @Test
    void devNullSwallowsTheResultAndStaysADevice() {
        ResultStore.writeAtomically(Path.of("/dev/null"), "{}\n");

        assertThat(attributes(Path.of("/dev/null")).isOther()).as("/dev/null is still a device").isTrue();
    }

    @Test
    void aFullDeviceIsOneLineWithExitCode3AndStaysADevice() {
        assertThatThrownBy(() -> ResultStore.writeAtomically(Path.of("/dev/full"), "{}\n"))
                .isInstanceOf(LoadctlException.class)
                .hasMessage("cannot write /dev/full: No space left on device (choose a writable path)")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));

        assertThat(attributes(Path.of("/dev/full")).isOther()).as("/dev/full is still a device").isTrue();
    }

    @Test
    void aFolderIsNotReplaced() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("result.json"));

        assertThatThrownBy(() -> ResultStore.writeAtomically(folder, "{}"))
                .hasMessage("cannot write " + folder + ": it is a folder; name a file")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));
        assertThat(folder).isDirectory();
    }

    /** A disk that fills mid-write: the old file stays whole, no temporary is left, and the caller hears of it. */
    @Test
    void aFullDiskFailsTheWriteAndKeepsTheOldFile() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk"));
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()) == 0,
                "cannot mount a small tmpfs (needs root)");
        try {
            Path file = disk.resolve("result.json");
            ResultStore.writeAtomically(file, "{\"points\" : [ ]}\n");

            assertThatThrownBy(() -> ResultStore.writeAtomically(file, "x".repeat(256 * 1024)))
                    .isInstanceOf(LoadctlException.class)
                    .hasMessage("cannot write " + file + ": No space left on device (choose a writable path)")
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));

            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("{\"points\" : [ ]}\n");
            try (var entries = Files.list(disk)) {
                assertThat(entries).containsExactly(file);
            }
        } finally {
            exec("umount", disk.toString());
        }
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int exec(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (java.io.IOException notInstalled) {
            return -1;
        }
    }
}
