package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.SocketErrors;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a complete wrk output is: the cuts and edits that once read as other numbers, the script's
 * format 2 (its first line, its closing count) and the cross-checks between the script and wrk.
 */
class WrkOutputParserCompletenessTest {

    // The cuts found by adversarial testing, each once read as a healthier run than the whole.

    @Test
    void cutBeforeSocketErrorsWouldLoseTheTimeouts() {
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        assertRefused(before(seed, "  Socket errors:"), "cut short", "line 6 ('53179 requests in 30.05s, 7.81MB read')",
                "before wrk's closing 'Requests/sec' and 'Transfer/sec' lines");
    }

    @Test
    void cutBeforeNon2xxWouldMake404sGoodput() {
        String notFound = Fixtures.wrkOutput("notfound.txt");
        assertRefused(before(notFound, "  Non-2xx"), "cut short", "before wrk's closing 'Requests/sec'");
    }

    @Test
    void cutMidStatusCountWouldDivideGoodput() {
        String ok = Fixtures.wrkOutput("lua-ok.txt");
        String cut = ok.substring(0, ok.indexOf("loadctl-status 200 1410") + "loadctl-status 200 1410".length());
        assertRefused(cut, "cut short", "before the loadctl script's 'loadctl-latency-us' line");

        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        assertRefused(ok2.substring(0, ok2.indexOf("loadctl-status 200 9355") + "loadctl-status 200 9355".length()),
                "cut short", "before the loadctl script's closing 'loadctl-end' line");
    }

    @Test
    void cutAfterTheScriptMarkerWouldMakeEveryResponseARedirect() {
        String ok = Fixtures.wrkOutput("lua-ok.txt");
        assertRefused(before(ok, "loadctl-summary"), "cut short", "ends at line 14 ('loadctl-script 1')",
                "before the loadctl script's 'loadctl-summary' line");
    }

    @Test
    void formatTwoAnnouncesItsTailSoACutRightAfterWrkIsKnown() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        assertThat(ok2).startsWith("loadctl-script 2\n");
        assertRefused(before(ok2, "loadctl-summary"), "cut short", "ends at line 14 ('Transfer/sec:      6.47MB')",
                "which its first line (line 1, 'loadctl-script 2') announces");
        // The same cut of a format 1 output is plain wrk output byte for byte: it reads as one, estimated.
        WrkResult v1 = WrkOutputParser.parse(before(Fixtures.wrkOutput("lua-redirect.txt"), "loadctl-script 1"));
        assertThat(v1.statusCodes()).isNull();
        assertThat(v1.goodputEstimated()).isTrue();
    }

    @Test
    void plainOutputsEndWithTransferPerSecondAndItsUnit() {
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        assertRefused(before(seed, "Transfer/sec"), "cut short", "before wrk's closing 'Transfer/sec' line");
        assertRefused(seed.substring(0, seed.indexOf("266.13KB") + 4), "cut short: it ends mid-line at line 10",
                "'Transfer/sec:    266.'");
        assertRefused(seed.substring(0, seed.indexOf("266.13KB") + 7), "cut short: it ends mid-line");
        // Without its final newline, the whole output is still complete.
        assertThat(WrkOutputParser.parse(seed.stripTrailing())).usingRecursiveComparison().ignoringFields("rawOutput")
                .isEqualTo(WrkOutputParser.parse(seed));
    }

    @Test
    void formatTwoPastedIndentedWithCrlfLineEnds() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        String pasted = ok2.lines().map(line -> "    " + line).collect(Collectors.joining("\r\n", "", "\r\n"));
        assertThat(WrkOutputParser.parse(pasted)).usingRecursiveComparison().ignoringFields("rawOutput")
                .isEqualTo(WrkOutputParser.parse(ok2));
        assertThat(Prefixes.violations(pasted, -1)).isEmpty();
    }

    // Format 2: the script's tail.

    @Test
    void formatTwoGoldenNumbers() {
        WrkResult ok = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-ok.txt"));
        assertThat(ok.statusCodes()).containsExactly(Map.entry("200", 93552L));
        assertThat(ok.durationSeconds()).isEqualTo(2.096692);
        assertThat(ok.bytesRead()).isEqualTo(14219529);
        assertThat(ok.latencyMs().p99_9()).isEqualTo(34.318);
        assertThat(ok.latencyMs().max()).isEqualTo(39.982);
        assertThat(ok.goodputPerSecond()).isEqualTo(93552 / 2.096692);
        assertThat(ok.unknownLines()).isEmpty();
        assertThat(RunVerdict.of(ok).healthy()).isTrue();

        WrkResult notFound = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-notfound.txt"));
        assertThat(notFound.statusCodes()).containsExactly(Map.entry("404", 19778L));
        assertThat(notFound.goodputPerSecond()).isZero();

        WrkResult redirect = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-redirect.txt"));
        assertThat(RunVerdict.of(redirect).line()).contains("every response was a redirect", "307 ×36,173");

        WrkResult mixed = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-mixed.txt"));
        assertThat(mixed.statusCodes()).containsExactly(Map.entry("200", 34035L), Map.entry("503", 2224L));

        WrkResult allTimedOut = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-timeouts-all.txt"));
        assertThat(allTimedOut.latencyMs().max()).isNull();
        assertThat(allTimedOut.socketErrors()).isEqualTo(new SocketErrors(0, 0, 0, 4));

        WrkResult someTimedOut = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-timeouts-some.txt"));
        assertThat(someTimedOut.goodputPerSecond()).isEqualTo((755 - 127) / 3.039432);
    }

    @Test
    void formatTwoPastedWithoutItsFirstLineIsStillSelfChecking() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        String fromRunning = ok2.substring(ok2.indexOf("Running"));
        assertThat(WrkOutputParser.parse(fromRunning)).usingRecursiveComparison().ignoringFields("rawOutput")
                .isEqualTo(WrkOutputParser.parse(ok2));
        assertRefused(before(fromRunning, "loadctl-end"), "cut short", "closing 'loadctl-end' line");
    }

    @Test
    void laterLinesInsideTheTailAreCountedAndSkipped() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        String later = ok2.replace("loadctl-end lines 3", "loadctl-latency-hist 0 10 200 93552\nloadctl-end lines 4");
        WrkResult r = WrkOutputParser.parse(later);
        assertThat(r.goodputPerSecond()).isEqualTo(WrkOutputParser.parse(ok2).goodputPerSecond());
        assertThat(r.unknownLines()).isEmpty();
        // Not counted by the end line: a line is missing or was added.
        assertRefused(ok2.replace("loadctl-end lines 3", "loadctl-latency-hist 0 10\nloadctl-end lines 3"),
                "counts 3 lines before it, but 4 came");
        assertRefused(ok2.replace("loadctl-end lines 3", "loadctl-end lines 30"), "counts 30 lines");
    }

    @Test
    void stderrLinesMayComeAnywhere() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        String interleaved = "wrk: a warning on stderr\n" + ok2.replace("loadctl-status", "another line\nloadctl-status");
        WrkResult r = WrkOutputParser.parse(interleaved);
        assertThat(r.unknownLines()).containsExactly("wrk: a warning on stderr", "another line");
        assertThat(r.statusCodes()).isEqualTo(WrkOutputParser.parse(ok2).statusCodes());
    }

    @Test
    void aNewerScriptFormatIsRefusedNotMisread() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        assertRefused(ok2.replace("loadctl-script 2", "loadctl-script 3"), "newer loadctl's script (format 3)");
    }

    // Cross-checks: a failed check is an error, not a number.

    @Test
    void statusCountsMustAddUpToWrksRequests() {
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        assertRefused(ok2.replace("loadctl-status 200 93552", "loadctl-status 200 93551"),
                "status counts add up to 93551, not wrk's 93552 requests");
        assertRefused(ok2.replace("requests 93552 bytes", "requests 93550 bytes"),
                "the loadctl script counted 93550 requests, wrk 93552");
        assertRefused(Fixtures.wrkOutput("lua-mixed.txt").replace("loadctl-status 200 127441\nloadctl-status 503 8455",
                        "loadctl-status 200 8455\nloadctl-status 503 127441"),
                "counted 127441 responses with status >= 400, wrk's 'Non-2xx or 3xx responses' 8455");
    }

    @Test
    void scriptFiguresMustBeWhatWrkRounded() {
        String ok = Fixtures.wrkOutput("lua-ok.txt");
        // A format 1 tail cut inside its last number: only wrk's own Max can tell.
        assertRefused(ok.substring(0, ok.lastIndexOf("13261") + 4), "max latency (1.326 ms) is not wrk's Max (13.26 ms)");
        assertRefused(ok.replace("bytes 21443812", "bytes 2144381"), "byte count (2144381)");
        assertRefused(ok.replace("duration-us 2002549", "duration-us 200254"), "duration (200254 us)");
        assertRefused(ok.replace("loadctl-latency-us p99.9 6613 p99.99 9653 max 13261", "loadctl-latency-us none"),
                "recorded no latency, but wrk's Latency row has figures");
    }

    @Test
    void wrksOwnCountsMustAgree() {
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        assertRefused(seed.replace("timeout 49405", "timeout 53180"), "53180 timeouts but 53179 requests");
        assertRefused(seed.replace("Non-2xx or 3xx responses: 53179", "Non-2xx or 3xx responses: 53180"),
                "53180 Non-2xx or 3xx responses but 53179 requests");
    }

    @Test
    void duplicatedAndMisplacedLinesAreRefused() {
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        assertRefused(seed.replace("Requests/sec", "  Non-2xx or 3xx responses: 53179\nRequests/sec"),
                "line 9 ('Non-2xx or 3xx responses: 53179') repeats line 8");
        assertRefused(seed.replace("  Socket errors: connect 0, read 0, write 0, timeout 49405\n", "")
                        .replace("Transfer/sec:    266.13KB", "Transfer/sec:    266.13KB\n  Socket errors: connect 0, read 0,"
                                + " write 0, timeout 49405"), "is out of place");
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        assertRefused(ok2.replace("loadctl-status 200 93552", "loadctl-status 200 93552\nloadctl-status 200 93552"),
                "each status code once");
        assertRefused(ok2 + ok2.substring(ok2.indexOf("loadctl-summary")), "out of place");
        assertRefused(ok2.replace("loadctl-script 2", "loadctl-script 2\nloadctl-script 1"), "second 'loadctl-script' line");
    }

    @Test
    void negativeAndOversizedNumbersAreErrorLines() {
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        assertRefused(seed.replace("timeout 49405", "timeout -2147483000"),
                "negative count: wrk prints this counter as a signed 32-bit number");
        assertRefused(seed.replace("timeout 49405", "timeout 99999999999999999999"), "number too large");
        assertRefused(seed.replace("53179 requests in", "99999999999999999999 requests in"), "number too large");
        assertRefused(seed.replace("1769.57", "1" + "0".repeat(600) + ".57"), "longer than any line wrk");
        assertRefused(seed.replace("1769.57", "1" + "0".repeat(350) + ".57"), "number too large");
        assertRefused(seed.replace("  1 threads", "  99999999999 threads"), "number too large");
        String ok2 = Fixtures.wrkOutput("lua2-ok.txt");
        assertRefused(ok2.replace("loadctl-status 200 93552", "loadctl-status 200 93552000000000000000000"),
                "number too large");
        assertRefused(ok2.replace("loadctl-status 200 93552", "loadctl-status 200 -93552"), "negative count");
        assertRefused(ok2.replace("loadctl-status 200 93552", "loadctl-status 200 x"), "is not in the format");
        assertRefused(ok2.replace("loadctl-end lines 3", "loadctl-end lines x"), "line 18 ('loadctl-end lines x') is"
                + " not in the format wrk or loadctl's script prints it: the output is cut short or damaged");
    }

    @Test
    void theSummaryShowsAFewStrayLinesAndCountsTheRest() {
        String stray = IntStream.rangeClosed(1, 25).mapToObj(i -> "stray line " + i).collect(Collectors.joining("\n"));
        WrkResult r = WrkOutputParser.parse(stray + "\n" + Fixtures.wrkOutput("lua2-ok.txt"));
        assertThat(r.unknownLines()).hasSize(25);
        String summary = RunSummary.format(r);
        assertThat(summary).contains("wrk also printed: stray line 10", "wrk also printed 15 more lines")
                .doesNotContain("stray line 11");
    }

    private static String before(String raw, String marker) {
        assertThat(raw).contains(marker);
        return raw.substring(0, raw.indexOf(marker));
    }

    private static void assertRefused(String raw, String... message) {
        assertThatThrownBy(() -> WrkOutputParser.parse(raw))
                .isInstanceOf(LoadctlException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(message).doesNotContain("\n"))
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.WRK_FAILED));
    }
}
