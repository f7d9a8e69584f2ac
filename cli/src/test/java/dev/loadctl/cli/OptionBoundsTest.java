package dev.loadctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values outside what loadctl can honestly run are refused with exit 2 and one line, before anything starts
 * or is written; --help states the same bounds. Each of these was once accepted: NaN as a target, a
 * 292-year duration handed to wrk, 100,000 server threads (the server's stack trace), a 0 ms delay (an
 * infinite Little's-law ceiling in the CSV), --out "" (the current folder), a thread count listed thrice.
 */
class OptionBoundsTest {

    @TempDir
    Path tmp;
    private Path out;
    private String port;

    @BeforeEach
    void setUp() throws IOException {
        out = tmp.resolve("reports");
        port = Integer.toString(LoadctlProcesses.freePort());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "sweep | --target-rps  | NaN          | --target-rps must be a number above 0 and at most 1e9, got NaN",
        "sweep | --target-rps  | Infinity     | --target-rps must be a number above 0 and at most 1e9, got Infinity",
        "sweep | --target-rps  | 1e400        | --target-rps must be a number above 0 and at most 1e9, got Infinity",
        "sweep | --target-rps  | 0            | --target-rps must be a number above 0 and at most 1e9, got 0",
        "sweep | --target-rps  | 2e9          | --target-rps must be a number above 0 and at most 1e9, got 2000000000",
        "sweep | --duration    | 99999999999s | --duration must be 1s to 24h, got 99999999999s",
        "sweep | --duration    | 25h          | --duration must be 1s to 24h, got 25h",
        "sweep | --warmup      | 9999h        | --warmup must be 0s to 24h, got 9999h",
        "sweep | --timeout     | 99999999999s | --timeout must be 1ms to 1h, got 99999999999s",
        "sweep | --sla-p99     | 2h           | --sla-p99 must be 1ms to 1h, got 2h",
        "sweep | --delay       | 0ms          | --delay must be 1ms to 1h, got 0ms",
        "sweep | --ready-timeout | 2h         | --ready-timeout must be 1s to 1h, got 2h",
        "sweep | --threads     | 100000       | --threads must list thread counts of 1 to 4096, got 100000",
        "sweep | --threads     | 1,1,1        | --threads lists 1 more than once: each thread count is one point,"
                + " so list it once",
        "sweep | --threads     | 1,2,1        | --threads lists 1 more than once: each thread count is one point,"
                + " so list it once",
        "sweep | --wrk-threads | 5000         | --wrk-threads must be 1 to 4096, got 5000",
        "sweep | --connections | 10000001     | --connections must be 1 to 10,000,000, got 10000001",
        "bench | --duration    | 99999999999s | --duration must be 1s to 24h, got 99999999999s",
        "bench | --connections | 10000001     | --connections must be 1 to 10,000,000, got 10000001",
        "bench | --wrk-threads | 5000         | --wrk-threads must be 1 to 4096, got 5000",
    })
    void refusedBeforeAnythingStarts(String command, String flag, String value, String message) {
        CliRun run = CliRun.of(command, flag, value, "--port", port, "--out", out.toString());
        assertRefused(run, "loadctl: " + message);
    }

    @Test
    void anEmptyOutIsRefusedRatherThanTheCurrentFolder() {
        CliRun run = CliRun.of("sweep", "--threads", "1", "--connections", "10", "--port", port, "--out", "");
        assertRefused(run, "loadctl: --out must name a folder, got an empty path");
        CliRun bench = CliRun.of("bench", "--connections", "10", "--port", port, "--out", " ");
        assertRefused(bench, "loadctl: --out must name a folder, got an empty path");
    }

    /** Every point's wrk -t must fit its connection count: checked for each count before the first is run. */
    @Test
    void benchChecksWrkThreadsAgainstEveryConnectionCountBeforeWriting() {
        CliRun run = CliRun.of("bench", "--wrk-threads", "999", "--connections", "10,1000", "--duration", "1s",
                "--warmup", "0s", "--port", port, "--out", out.toString());
        assertRefused(run, "loadctl: --wrk-threads 999 is more than the 10 connections of a point:"
                + " wrk needs at least one connection per thread; pass --connections of 999 or more, or fewer"
                + " --wrk-threads");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--duration    | 99999999999s | --duration must be 1ms to 24h, got 99999999999s",
        "--timeout     | 99999999999s | --timeout must be 1ms to 1h, got 99999999999s",
        "--threads     | 100000       | --threads must be 1 to 4096, got 100000",
        "--wrk-threads | 5000         | --wrk-threads must be 1 to 4096, got 5000",
        "--connections | 10000001     | --connections must be 1 to 10,000,000, got 10000001",
    })
    void runRefusesBeforeWrkRuns(String flag, String value, String message) {
        CliRun run = CliRun.of("run", "--url", "http://127.0.0.1:" + port + "/", flag, value);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("loadctl: " + message + "\n");
    }

    @Test
    void helpStatesTheBounds() {
        String sweep = CliRun.of("sweep", "--help").out().replaceAll("\\s+", " ");
        assertThat(sweep).contains("1 to 4096").contains("1 to 10,000,000").contains("1s to 24h")
                .contains("0s to 24h").contains("above 0, at most 1e9").contains("1ms to 1h").contains("1s to 1h");
        String run = CliRun.of("run", "--help").out().replaceAll("\\s+", " ");
        assertThat(run).contains("1 to 4096").contains("1 to 10,000,000").contains("1ms to 24h").contains("1ms to 1h");
        String bench = CliRun.of("bench", "--help").out().replaceAll("\\s+", " ");
        assertThat(bench).contains("1 to 4096").contains("1 to 10,000,000").contains("1s to 24h");
    }

    private void assertRefused(CliRun run, String line) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(line + "\n");
        assertThat(out).as("nothing written").doesNotExist();
        List<Path> written = new ArrayList<>();
        try (var entries = Files.list(tmp)) {
            entries.forEach(written::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(written).isEmpty();
    }
}
