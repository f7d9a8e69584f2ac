package dev.loadctl.report;

import dev.loadctl.report.SweepReport.Reason;
import dev.loadctl.report.SweepReport.Reason.Kind;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.Fixtures;
import dev.loadctl.wrk.RunVerdict;
import dev.loadctl.wrk.WrkOutputParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loadctl run}/{@code parse} and {@code loadctl report} judge the same run by the same rules: the run
 * is unhealthy exactly when the report on it alone gives an error reason.
 */
class RunVerdictAgreesWithReportTest {

    static Stream<String> outputs() {
        return Stream.of("connect-errors.txt", "fast-latency.txt", "lua-connect-errors.txt", "lua-mixed.txt",
                "lua-ok.txt", "lua-redirect.txt", "lua-timeouts-some.txt", "minutes-lua.txt", "minutes.txt",
                "missing-script.txt", "notfound.txt", "redirect-plain.txt", "seed-four-threads.txt",
                "seed-one-thread.txt", "timeouts-all.txt", "timeouts-some.txt",
                "lua-ok.txt+timeouts 50", "lua-ok.txt+timeouts 141", "lua-ok.txt+timeouts 142",
                "lua-ok.txt+timeouts 200");
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void onTheSameNumbers(String name) {
        String[] fixture = name.split("\\+timeouts ");
        String raw = Fixtures.wrkOutput(fixture[0]);
        if (fixture.length == 2) {
            raw = raw.replace("read\n", "read\n  Socket errors: connect 0, read 0, write 0, timeout " + fixture[1] + "\n");
        }
        WrkResult run = WrkOutputParser.parse(raw);
        LoadedSweep one = ReportInputs.assemble(List.of(Path.of(name)), List.of(run), Overrides.NONE);
        List<Kind> kinds = ReportBuilder.build(List.of(one), Overrides.NONE).main().verdict().reasons().stream()
                .map(Reason::kind).toList();

        boolean errorReason = kinds.contains(Kind.ERRORS) || kinds.contains(Kind.EVERY_RESPONSE_AN_ERROR);
        assertThat(RunVerdict.of(run).healthy()).as("healthy; the report's reasons: %s", kinds)
                .isEqualTo(!errorReason);
    }
}
