package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flag errors, in-process: {@link TargetServer#run} returns the exit code, and picocli writes to System.err. The
 * real process exit code is checked once in {@link TargetServerProcessTest}.
 */
class TargetServerFlagsTest {

    private record Outcome(int exitCode, List<String> stderr) {
    }

    private static synchronized Outcome run(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exitCode = TargetServer.run(args);
            return new Outcome(exitCode, captured.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setErr(originalErr);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--threads 0         | --threads must be at least 1, got 0",
        "--threads -3        | --threads must be at least 1",
        "--threads 100000    | --threads must be at most 4096, got 100000",
        "--port 70000        | --port must be 0..65535",
        "--delay soon        | bad delay 'soon': write milliseconds (200 or 200ms) or seconds (0.2s)",
        "--delay 1.5ms       | the timer counts whole milliseconds",
        "--delay -5ms        | bad delay '-5ms'",
        "--mode threaded     | unknown mode 'threaded': use async or blocking",
        "--workers 4         | --workers only applies to --mode blocking",
        "--mode blocking --workers 0 | --workers must be at least 1",
        "--backlog 0         | --backlog must be at least 1",
        "--host nowhere.invalid | --host 'nowhere.invalid' does not resolve",
        "--no-such-flag      | Unknown option: '--no-such-flag'",
    })
    void badFlagGetsOneLineThenUsageAndExitCodeTwo(String args, String expectedInError) {
        Outcome outcome = run(args.trim().split("\\s+"));

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr().get(0)).startsWith("loadctl-target-server: ").contains(expectedInError);
        assertThat(outcome.stderr().get(1)).startsWith("Usage: loadctl-target-server");
        assertThat(outcome.stderr()).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
    }

    @Test
    void delayAcceptsMillisecondsSecondsAndBareNumbers() {
        assertThat(Delays.parseMillis("200ms")).isEqualTo(200);
        assertThat(Delays.parseMillis("0.2s")).isEqualTo(200);
        assertThat(Delays.parseMillis("1.25s")).isEqualTo(1_250);
        assertThat(Delays.parseMillis("200")).isEqualTo(200);
        assertThat(Delays.parseMillis(" 0 ")).isZero();
        assertThat(Delays.parseMillis("2S")).isEqualTo(2_000);
        assertThat(Delays.format(200)).isEqualTo("200ms");
    }

    @Test
    void modeIsCaseInsensitiveAndPrintsLowercase() {
        assertThat(Mode.parse("Blocking")).isEqualTo(Mode.BLOCKING);
        assertThat(Mode.ASYNC.label()).isEqualTo("async");
    }
}
