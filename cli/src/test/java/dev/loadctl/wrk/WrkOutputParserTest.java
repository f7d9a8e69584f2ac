package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;
import dev.loadctl.result.WrkResult.ThreadRate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Golden numbers for every real wrk output under src/test/resources/wrk/, read under Locale.ROOT and
 * under a decimal-comma locale: neither the parser nor the summary may depend on the default locale.
 */
class WrkOutputParserTest {

    private static final double MB = 1024.0 * 1024.0;

    @Nested
    class UnderRootLocale extends GoldenOutputs {
        UnderRootLocale() {
            super(Locale.ROOT);
        }
    }

    @Nested
    class UnderGermanLocale extends GoldenOutputs {
        UnderGermanLocale() {
            super(Locale.GERMANY);
        }
    }

    abstract static class GoldenOutputs {
        private final Locale locale;
        private Locale saved;

        GoldenOutputs(Locale locale) {
            this.locale = locale;
        }

        @BeforeEach
        void setLocale() {
            saved = Locale.getDefault();
            Locale.setDefault(locale);
        }

        @AfterEach
        void restoreLocale() {
            Locale.setDefault(saved);
        }

        @Test
        void seedOneThreadEveryResponseAnError() {
            String raw = Fixtures.wrkOutput("seed-one-thread.txt");
            WrkResult r = WrkOutputParser.parse(raw);
            assertThat(r.schemaVersion()).isEqualTo(WrkResult.SCHEMA_VERSION);
            assertThat(r.url()).isEqualTo("http://localhost:8000/ping/");
            assertThat(r.threads()).isEqualTo(1);
            assertThat(r.connections()).isEqualTo(20000);
            assertThat(r.serverThreads()).isNull();
            assertThat(r.durationSeconds()).isEqualTo(30.05);
            assertThat(r.requests()).isEqualTo(53179);
            assertThat(r.bytesRead()).isEqualTo(Math.round(7.81 * MB));
            assertThat(r.requestsPerSecond()).isEqualTo(1769.57);
            assertThat(r.transferBytesPerSecond()).isCloseTo(266.13 * 1024, within(1e-6));
            assertThat(r.latencyMs()).isEqualTo(new LatencyMs(768.96, 291.34, 1210.0, 66.98,
                    null, null, null, null, null, null));
            assertThat(r.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(4130.0, 1180.0, 4950.0, 88.80));
            assertThat(r.socketErrors()).isEqualTo(new SocketErrors(0, 0, 0, 49405));
            assertThat(r.non2xx3xxResponses()).isEqualTo(53179);
            assertThat(r.statusCodes()).isNull();
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.goodputEstimated()).isTrue();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(r.cpu()).isNull();
            assertThat(r.unknownLines()).isEmpty();
            assertThat(r.rawOutput()).isEqualTo(raw);
            assertThat(RunSummary.format(r)).contains(
                    "requests:  53,179 responses, wrk's Requests/sec 1,770/s",
                    "latency:   p50 n/a, p99 n/a, p99.9 n/a, max 1,210 ms, avg 769 ms",
                    "connect 0, read 0, write 0, timeout 49,405; status >= 400 53,179; error rate 100%",
                    "verdict: UNHEALTHY: every response was an error: all 53,179 responses had status >= 400",
                    "49,405 timeouts (93% of responses",
                    "goodput 0/s (estimated) against wrk's Requests/sec 1,770/s");
        }

        @Test
        void seedFourThreadsLatencyInSeconds() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("seed-four-threads.txt"));
            assertThat(r.threads()).isEqualTo(4);
            assertThat(r.connections()).isEqualTo(20000);
            assertThat(r.durationSeconds()).isEqualTo(30.11);
            assertThat(r.requests()).isEqualTo(243731);
            assertThat(r.bytesRead()).isEqualTo(Math.round(35.85 * MB));
            assertThat(r.latencyMs()).isEqualTo(new LatencyMs(1730.0, 371.38, 2000.0, 89.21,
                    null, null, null, null, null, null));
            assertThat(r.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(2930.0, 2330.0, 11660.0, 68.78));
            assertThat(r.socketErrors()).isEqualTo(new SocketErrors(0, 0, 0, 99112));
            assertThat(r.non2xx3xxResponses()).isEqualTo(243731);
            assertThat(r.requestsPerSecond()).isEqualTo(8095.93);
            assertThat(r.transferBytesPerSecond()).isCloseTo(1.19 * MB, within(1e-6));
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(r).line()).startsWith("verdict: UNHEALTHY: every response was an error");
        }

        @Test
        void fastLatencyMicrosecondsAndDistribution() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("fast-latency.txt"));
            assertThat(r.latencyMs()).isEqualTo(new LatencyMs(0.89, 1.07, 8.69, 87.44,
                    0.414, 1.06, 2.5, 4.44, null, null));
            assertThat(r.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(58950.0, 11690.0, 77500.0, 71.0));
            assertThat(r.requests()).isEqualTo(586940);
            assertThat(r.durationSeconds()).isEqualTo(5.01);
            assertThat(r.bytesRead()).isEqualTo(Math.round(83.40 * MB));
            assertThat(r.requestsPerSecond()).isEqualTo(117232.88);
            assertThat(r.transferBytesPerSecond()).isCloseTo(16.66 * MB, within(1e-6));
            assertThat(r.socketErrors()).isEqualTo(SocketErrors.NONE);
            assertThat(r.goodputPerSecond()).isEqualTo(586940 / 5.01);
            assertThat(r.goodputEstimated()).isTrue();
            assertThat(r.errorRate()).isZero();
            RunVerdict verdict = RunVerdict.of(r);
            assertThat(verdict.healthy()).isTrue();
            assertThat(verdict.line()).startsWith("verdict: healthy as far as plain wrk output tells")
                    .contains("3xx");
            assertThat(RunSummary.format(r)).contains("latency:   p50 0.41 ms, p99 4.44 ms, p99.9 n/a, max 8.69 ms",
                    "goodput:   117,154/s timely 2xx (estimated");
        }

        @Test
        void notFoundEveryResponseAnError() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("notfound.txt"));
            assertThat(r.latencyMs().avg()).isEqualTo(2.37);
            assertThat(r.latencyMs().stdev()).isEqualTo(0.35705);
            assertThat(r.requests()).isEqualTo(344331);
            assertThat(r.non2xx3xxResponses()).isEqualTo(344331);
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(r).line()).contains("every response was an error: all 344,331 responses");
        }

        @Test
        void luaHealthyRunCountsStatusesAndFinePercentiles() {
            String raw = Fixtures.wrkOutput("lua-ok.txt");
            WrkResult r = WrkOutputParser.parse(raw);
            assertThat(r.statusCodes()).containsExactly(Map.entry("200", 141081L));
            // The script's exact microseconds win over "2.00s" and "20.45MB".
            assertThat(r.durationSeconds()).isEqualTo(2.002549);
            assertThat(r.bytesRead()).isEqualTo(21443812);
            assertThat(r.latencyMs()).isEqualTo(new LatencyMs(0.80134, 0.9, 13.261, 90.75,
                    0.578, 1.11, 1.54, 4.28, 6.613, 9.653));
            assertThat(r.goodputPerSecond()).isEqualTo(141081 / 2.002549);
            assertThat(r.goodputEstimated()).isFalse();
            assertThat(r.errorRate()).isZero();
            assertThat(r.unknownLines()).isEmpty();
            assertThat(RunVerdict.of(r).line())
                    .isEqualTo("verdict: healthy: every response was a 2xx within the timeout, no socket errors");
        }

        @Test
        void luaRedirectsAreNotGoodput() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("lua-redirect.txt"));
            assertThat(r.statusCodes()).containsExactly(Map.entry("307", 109758L));
            assertThat(r.non2xx3xxResponses()).isZero();
            assertThat(r.requests()).isEqualTo(109758);
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(r).line()).contains("every response was a redirect", "307 ×109,758",
                    "goodput 0/s against wrk's Requests/sec 54,280/s");
        }

        @Test
        void plainRedirectsCannotBeSeen() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("redirect-plain.txt"));
            assertThat(r.statusCodes()).isNull();
            assertThat(r.non2xx3xxResponses()).isZero();
            assertThat(r.goodputEstimated()).isTrue();
            assertThat(RunVerdict.of(r).line()).contains("as far as plain wrk output tells", "3xx");
        }

        @Test
        void luaMixedStatuses() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("lua-mixed.txt"));
            assertThat(r.statusCodes()).containsExactly(Map.entry("200", 127441L), Map.entry("503", 8455L));
            assertThat(r.non2xx3xxResponses()).isEqualTo(8455);
            assertThat(r.goodputPerSecond()).isEqualTo(127441 / 2.100155);
            assertThat(r.errorRate()).isEqualTo(1.0 - 127441.0 / 135896);
            assertThat(RunVerdict.of(r).line()).contains("8,455 non-2xx responses (6.2%: 503 ×8,455)");
        }

        @Test
        void everyRequestTimedOutGivesNullLatency() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("timeouts-all.txt"));
            assertThat(r.latencyMs()).isEqualTo(new LatencyMs(null, null, null, null,
                    null, null, null, null, null, null));
            assertThat(r.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(1.0, 0.0, 1.0, 100.0));
            assertThat(r.requests()).isEqualTo(4);
            assertThat(r.bytesRead()).isEqualTo(684);
            assertThat(r.transferBytesPerSecond()).isEqualTo(136.52);
            assertThat(r.socketErrors()).isEqualTo(new SocketErrors(0, 0, 0, 4));
            assertThat(r.goodputPerSecond()).isZero();
            assertThat(r.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(r).line()).contains("no timely 2xx response at all", "4 timeouts (100%");
        }

        @Test
        void someTimeoutsComeOffGoodput() {
            WrkResult lua = WrkOutputParser.parse(Fixtures.wrkOutput("lua-timeouts-some.txt"));
            assertThat(lua.statusCodes()).containsExactly(Map.entry("200", 757L));
            assertThat(lua.socketErrors().timeout()).isEqualTo(132);
            assertThat(lua.goodputPerSecond()).isEqualTo((757 - 132) / 3.008116);
            assertThat(lua.errorRate()).isEqualTo(1.0 - 625.0 / 757);
            assertThat(lua.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(848.5, 930.0, 2150.0, 87.5));

            WrkResult plain = WrkOutputParser.parse(Fixtures.wrkOutput("timeouts-some.txt"));
            assertThat(plain.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(850.0, 870.0, 1770.0, 83.33));
            assertThat(plain.goodputPerSecond()).isEqualTo((759 - 113) / 3.01);
            assertThat(plain.goodputEstimated()).isTrue();
            assertThat(RunVerdict.of(plain).line()).contains("113 timeouts (15%");
        }

        @Test
        void connectErrorsBeyondTheOpenFilesLimit() {
            WrkResult lua = WrkOutputParser.parse(Fixtures.wrkOutput("lua-connect-errors.txt"));
            assertThat(lua.connections()).isEqualTo(30000);
            assertThat(lua.socketErrors()).isEqualTo(new SocketErrors(10007, 2708, 0, 0));
            assertThat(lua.requests()).isZero();
            assertThat(lua.statusCodes()).isEmpty();
            assertThat(lua.latencyMs().max()).isNull();
            assertThat(lua.requestsPerSecondPerThread()).isEqualTo(new ThreadRate(null, null, null, null));
            assertThat(lua.errorRate()).isEqualTo(1.0);
            assertThat(RunVerdict.of(lua).line()).contains("10,007 connect errors", "could not open all 30,000",
                    "no responses at all in 9.48 s", "2,708 read errors (");

            WrkResult plain = WrkOutputParser.parse(Fixtures.wrkOutput("connect-errors.txt"));
            assertThat(plain.socketErrors()).isEqualTo(new SocketErrors(1007, 2208, 0, 0));
            assertThat(plain.durationSeconds()).isEqualTo(6.71);
        }

        @Test
        void minutes() {
            WrkResult plain = WrkOutputParser.parse(Fixtures.wrkOutput("minutes.txt"));
            assertThat(plain.durationSeconds()).isEqualTo(60.0);
            assertThat(plain.latencyMs()).isEqualTo(new LatencyMs(55200.0, 0.00141, 55200.0, 100.0,
                    55200.0, 55200.0, 55200.0, 55200.0, null, null));
            assertThat(plain.requests()).isEqualTo(2);
            assertThat(plain.requestsPerSecond()).isEqualTo(0.03);
            assertThat(plain.transferBytesPerSecond()).isEqualTo(5.69);

            WrkResult lua = WrkOutputParser.parse(Fixtures.wrkOutput("minutes-lua.txt"));
            assertThat(lua.durationSeconds()).isEqualTo(60.061298);
            assertThat(lua.latencyMs().avg()).isEqualTo(55200.0);
            assertThat(lua.latencyMs().stdev()).isEqualTo(0.03111);
            assertThat(lua.latencyMs().max()).isEqualTo(55002.469);
            assertThat(lua.latencyMs().p99_9()).isEqualTo(55002.469);
            assertThat(lua.goodputPerSecond()).isEqualTo(2 / 60.061298);
        }

        @Test
        void strayLinesAreKeptNotFatal() {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput("missing-script.txt"));
            assertThat(r.unknownLines()).containsExactly(
                    "/nonexistent.lua: cannot open /nonexistent.lua: No such file or directory",
                    "/nonexistent.lua: cannot open /nonexistent.lua: No such file or directory");
            assertThat(r.requests()).isEqualTo(34433);
            assertThat(r.latencyMs().p50()).isNull();
            assertThat(r.latencyMs().avg()).isEqualTo(0.035);
            assertThat(RunSummary.format(r)).contains("wrk also printed: /nonexistent.lua: cannot open");
        }

        @Test
        void summaryHasNoDecimalCommas() {
            for (String fixture : new String[]{"seed-one-thread.txt", "lua-mixed.txt", "fast-latency.txt"}) {
                String summary = RunSummary.format(WrkOutputParser.parse(Fixtures.wrkOutput(fixture)));
                // Thousands are grouped with ',' (1,770), decimals take '.' (0.41): never a decimal comma
                // (1770,57) nor a grouping dot (1.770).
                assertThat(summary).doesNotContainPattern("\\d,(\\d{1,2}|\\d{4,})(?!\\d)")
                        .doesNotContainPattern("\\d\\.\\d{3}(?!\\d)");
                String json = ResultStore.toJson(WrkOutputParser.parse(Fixtures.wrkOutput(fixture)));
                assertThat(json.replace(Fixtures.wrkOutput(fixture), "")).doesNotContainPattern("\\d,\\d\\d\\b");
            }
        }
    }

    @Test
    void cellsThatTouch() {
        // wrk prints Avg with %8.8s and Max with %9.9s: 1000.00ms becomes "1000.00m" in Avg, and a
        // 9-character Max leaves no space after the Stdev cell.
        String raw = Fixtures.wrkOutput("seed-one-thread.txt").replace(
                "    Latency   768.96ms  291.34ms   1.21s    66.98%",
                "    Latency   1000.00m  371.38ms1000.00ms   89.21%");
        WrkResult r = WrkOutputParser.parse(raw);
        assertThat(r.latencyMs().avg()).isEqualTo(1000.0);
        assertThat(r.latencyMs().stdev()).isEqualTo(371.38);
        assertThat(r.latencyMs().max()).isEqualTo(1000.0);
        assertThat(r.latencyMs().withinStdevPercent()).isEqualTo(89.21);
        assertThat(r.unknownLines()).isEmpty();
    }

    @Test
    void unknownLineInTheMiddleIsKept() {
        String raw = Fixtures.wrkOutput("notfound.txt").replace("Requests/sec:", "a line wrk 5 might print\nRequests/sec:");
        WrkResult r = WrkOutputParser.parse(raw);
        assertThat(r.unknownLines()).containsExactly("a line wrk 5 might print");
        assertThat(r.requestsPerSecond()).isEqualTo(83927.90);
    }

    @Test
    void pastedWithAPromptIndentedAndWithCrlfLineEnds() {
        String original = Fixtures.wrkOutput("seed-one-thread.txt");
        String pasted = "$ wrk -t1 -c20000 -d30s http://localhost:8000/ping/\r\n"
                + original.lines().map(line -> "    " + line).reduce((a, b) -> a + "\r\n" + b).orElseThrow() + "\r\n";
        WrkResult r = WrkOutputParser.parse(pasted);
        WrkResult expected = WrkOutputParser.parse(original);
        assertThat(r.unknownLines()).containsExactly("$ wrk -t1 -c20000 -d30s http://localhost:8000/ping/");
        assertThat(r.rawOutput()).isEqualTo(pasted);
        assertThat(r.url()).isEqualTo(expected.url());
        assertThat(r.latencyMs()).isEqualTo(expected.latencyMs());
        assertThat(r.socketErrors()).isEqualTo(expected.socketErrors());
        assertThat(r.requestsPerSecond()).isEqualTo(expected.requestsPerSecond());
        assertThat(r.errorRate()).isEqualTo(expected.errorRate());
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        for (String fixture : new String[]{"seed-one-thread.txt", "lua-mixed.txt", "timeouts-all.txt",
                "lua-connect-errors.txt", "missing-script.txt"}) {
            WrkResult r = WrkOutputParser.parse(Fixtures.wrkOutput(fixture)).withServerThreads(3);
            WrkResult back = ResultStore.JSON.readValue(ResultStore.toJson(r), WrkResult.class);
            assertThat(back).isEqualTo(r);
            assertThat(WrkOutputParser.parse(back.rawOutput())).isEqualTo(r.withServerThreads(null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"refused.txt", "conn-lt-threads.txt", "invalid-url.txt", "unresolvable.txt",
            "bad-option.txt"})
    void failureOutputsAreErrorsWithWrksOwnWords(String fixture) {
        String firstLine = Fixtures.wrkOutput(fixture).lines().findFirst().orElseThrow().strip();
        assertThatThrownBy(() -> WrkOutputParser.parse(Fixtures.wrkOutput(fixture)))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining(firstLine.replaceFirst("^wrk: ", ""))
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.WRK_FAILED));
    }

    @Test
    void emptyUsageOnlyTruncatedAndDoubledOutputsAreErrors() {
        assertFailure("", "wrk printed nothing");
        assertFailure("\n  \n", "wrk printed nothing");
        String usageOnly = Fixtures.wrkOutput("conn-lt-threads.txt").lines().skip(1)
                .reduce("", (a, b) -> a + b + "\n");
        assertFailure(usageOnly, "wrk printed only its usage text");
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        assertFailure(seed.substring(0, seed.indexOf("  53179 requests in")), "cut short");
        assertFailure(seed + seed, "holds 2 wrk outputs");
        assertFailure("hello\nworld\n", "not a wrk result");
    }

    private static void assertFailure(String raw, String message) {
        assertThatThrownBy(() -> WrkOutputParser.parse(raw))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.WRK_FAILED));
    }
}
