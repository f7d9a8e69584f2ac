package dev.loadctl.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Environment;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultRecordTest {

    private static final SweepParameters PARAMETERS = new SweepParameters(List.of(1, 2), 400, 3, 1, 1, null, 20000,
            250, 200, 2, "bundled", "http://127.0.0.1:1/ping/", true);
    private static final Environment ENVIRONMENT = new Environment("Debian", "6.1", "cpu", 2, "java", "wrk 4.1",
            "0.1.0", 20000L, 20000L, 4096, 2048, "32768-60999", "host");

    @TempDir
    Path out;

    @Test
    void aRunWithFlagsOverItsProfileIsFiledUnderTheProfileAndTheFlags() {
        ResultRecord record = ResultRecord.create(out, "default", PARAMETERS.withOverrides(
                Map.of("connections", "500", "threads", "1,2")), ENVIRONMENT, List.of());

        assertThat(record.file().getParent().getFileName().toString()).matches("\\d{8}-\\d{6}-default\\+t1,2\\+c500");
        SweepResult saved = ResultStore.readSweep(record.file());
        assertThat(saved.profile()).isEqualTo("default");
        assertThat(saved.parameters().overrides()).containsExactly(Map.entry("threads", "1,2"),
                Map.entry("connections", "500"));
    }

    @Test
    void theStaggeredStartIsRecordedAndAnOlderFileWithoutItReadsAsTheScriptRanIt() throws Exception {
        SweepParameters unstaggered = new SweepParameters(List.of(1, 2), 400, 3, 1, 1, null, 20000, 250, 200, 2,
                "bundled", "http://127.0.0.1:1/ping/", true, false, Map.of("stagger", "false"));
        ResultRecord record = ResultRecord.create(out, "default", unstaggered, ENVIRONMENT, List.of());

        assertThat(record.file().getParent().getFileName().toString()).matches("\\d{8}-\\d{6}-default\\+staggerfalse");
        assertThat(Files.readString(record.file())).contains("\"lua\" : true,\n    \"stagger\" : false,");
        assertThat(ResultStore.readSweep(record.file()).parameters()).isEqualTo(unstaggered);
        assertThat(ResultStore.readSweep(ResultRecord.create(out, "quick", PARAMETERS, ENVIRONMENT, List.of())
                .file()).parameters().stagger()).as("the script ran, staggered").isTrue();

        // Written before the switch: every run with the script was staggered, and none without it.
        for (boolean lua : new boolean[]{true, false}) {
            ObjectNode tree = (ObjectNode) ResultStore.readTree(record.file());
            ObjectNode parameters = (ObjectNode) tree.get("parameters");
            parameters.remove(List.of("stagger", "overrides"));
            parameters.put("lua", lua);
            Path older = out.resolve("older-" + lua + ".json");
            ResultStore.writeAtomically(older, ResultStore.toJson(tree));
            assertThat(Files.readString(older)).doesNotContain("stagger");
            assertThat(ResultStore.readSweep(older).parameters().stagger()).isEqualTo(lua);
        }
    }

    @Test
    void writesAfterEveryPointAndLinksLatest() throws Exception {
        ResultRecord record = ResultRecord.create(out, "quick", PARAMETERS, ENVIRONMENT, List.of());
        Path folder = record.file().getParent();
        assertThat(folder.getFileName().toString()).matches("\\d{8}-\\d{6}-quick");
        assertThat(out.resolve("latest")).as("latest moves only once a point is saved").doesNotExist();
        assertThat(ResultStore.readSweep(record.file())).satisfies(saved -> {
            assertThat(saved.complete()).isFalse();
            assertThat(saved.points()).isEmpty();
            assertThat(saved.finishedAt()).isNull();
            assertThat(saved.environment()).isEqualTo(ENVIRONMENT);
        });

        record.add(point(1));
        assertThat(Files.readSymbolicLink(out.resolve("latest"))).isEqualTo(folder.getFileName());
        assertThat(ResultStore.readSweep(out.resolve("latest/result.json")).points()).extracting(Point::threads)
                .containsExactly(1);

        ResultRecord second = ResultRecord.create(out, "quick", PARAMETERS, ENVIRONMENT, List.of());
        assertThat(second.file()).isNotEqualTo(record.file());
        assertThat(Files.readSymbolicLink(out.resolve("latest"))).as("a run with no point yet leaves latest alone")
                .isEqualTo(folder.getFileName());
        second.add(point(2));
        assertThat(Files.readSymbolicLink(out.resolve("latest"))).isEqualTo(second.file().getParent().getFileName());

        SweepResult stopped = record.finish(false, "interrupted by a signal (Ctrl-C or SIGTERM)");
        assertThat(ResultStore.readSweep(record.file())).isEqualTo(stopped);
        assertThat(stopped.finishedAt()).isNotNull();
        assertThat(stopped.stopReason()).startsWith("interrupted");
        try (var files = Files.list(folder)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly("result.json");
        }
    }

    @Test
    void anUnwritableOutFolderIsOneLineAndNoFile() throws Exception {
        Path notAFolder = Files.writeString(out.resolve("file"), "x");
        assertThatThrownBy(() -> ResultRecord.create(notAFolder.resolve("reports"), "quick", PARAMETERS,
                ENVIRONMENT, List.of()))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining("cannot write results to " + notAFolder.resolve("reports"))
                .hasMessageEndingWith("pass --out with a writable folder")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.ENVIRONMENT));
        assertThat(Files.readString(notAFolder)).isEqualTo("x");
    }

    private static Point point(int threads) {
        return PointSummary.of(threads, threads, List.of(), PARAMETERS, null);
    }
}
