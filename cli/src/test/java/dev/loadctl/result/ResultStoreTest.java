package dev.loadctl.result;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
