package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.Fixtures;
import dev.loadctl.wrk.WrkOutputParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ParseCommandTest {

    @TempDir
    Path dir;

    private Path fixtureFile(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, Fixtures.wrkOutput(name));
        return file;
    }

    @Test
    void originsOutputIsJsonOnStdoutAndAPlainVerdictOnStderr() throws Exception {
        CliRun cli = CliRun.of("parse", fixtureFile("seed-four-threads.txt").toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCode.OK.code());
        WrkResult result = ResultStore.JSON.readValue(cli.out(), WrkResult.class);
        assertThat(result).isEqualTo(WrkOutputParser.parse(Fixtures.wrkOutput("seed-four-threads.txt")));
        assertThat(result.requests()).isEqualTo(243731);
        assertThat(cli.err().strip().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("verdict: UNHEALTHY: every response was an error: all 243,731 responses");
    }

    @Test
    void jsonToAFile() throws Exception {
        Path json = dir.resolve("out/result.json");
        CliRun cli = CliRun.of("parse", fixtureFile("lua-mixed.txt").toString(), "--json", json.toString());
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains("status:    200 ×127,441, 503 ×8,455");
        WrkResult saved = ResultStore.readRun(json);
        assertThat(saved.statusCodes()).containsEntry("503", 8455L);
        assertThat(saved.rawOutput()).isEqualTo(Fixtures.wrkOutput("lua-mixed.txt"));
    }

    @Test
    void readsStdinByDefault() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Fixtures.wrkOutput("notfound.txt").getBytes(StandardCharsets.UTF_8)));
            CliRun cli = CliRun.of("parse");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).contains("\"non2xx3xxResponses\" : 344331");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void aSavedResultIsParsedAgainFromItsRawOutput() throws Exception {
        Path json = dir.resolve("run.json");
        ResultStore.writeRun(json, WrkOutputParser.parse(Fixtures.wrkOutput("lua-ok.txt")).withServerThreads(2));
        CliRun cli = CliRun.of("parse", json.toString());
        assertThat(cli.exitCode()).isZero();
        assertThat(ResultStore.JSON.readValue(cli.out(), WrkResult.class))
                .isEqualTo(WrkOutputParser.parse(Fixtures.wrkOutput("lua-ok.txt")));
    }

    @Test
    void failureOutputsExitWith4AndWriteNoJson() throws Exception {
        for (String fixture : new String[]{"refused.txt", "conn-lt-threads.txt", "bad-option.txt"}) {
            Path json = dir.resolve(fixture + ".json");
            CliRun cli = CliRun.of("parse", fixtureFile(fixture).toString(), "--json", json.toString());
            assertThat(cli.exitCode()).as(fixture).isEqualTo(ExitCode.WRK_FAILED.code());
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err().strip()).startsWith("loadctl: wrk: ").doesNotContain("\n").doesNotContain("Exception");
            assertThat(json).doesNotExist();
        }
        Files.writeString(dir.resolve("empty.txt"), "");
        CliRun empty = CliRun.of("parse", dir.resolve("empty.txt").toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCode.WRK_FAILED.code());
        assertThat(empty.err().strip()).isEqualTo("loadctl: " + dir.resolve("empty.txt") + " is empty: there is no wrk"
                + " output in it");
        assertThat(empty.out()).isEmpty();
    }

    @Test
    void emptyStdinSaysSoNotHowToCheckWrk() {
        CliRun cli = withStdin(new byte[0], "parse");
        assertThat(cli.exitCode()).isEqualTo(ExitCode.WRK_FAILED.code());
        assertThat(cli.err().strip()).isEqualTo("loadctl: stdin is empty: there is no wrk output in it");
        CliRun blank = withStdin("\n  \n".getBytes(StandardCharsets.UTF_8), "parse", "-");
        assertThat(blank.err().strip()).isEqualTo("loadctl: stdin holds only blank lines: there is no wrk output in it");
    }

    @Test
    void cutShortIsExit4WithWhereItEnds() throws Exception {
        String seed = Fixtures.wrkOutput("seed-one-thread.txt");
        Path cut = dir.resolve("cut.txt");
        Files.writeString(cut, seed.substring(0, seed.indexOf("  Socket errors")));
        CliRun cli = CliRun.of("parse", cut.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCode.WRK_FAILED.code());
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().strip()).isEqualTo("loadctl: wrk's output is cut short: it ends at line 6 ('53179 requests"
                + " in 30.05s, 7.81MB read'), before wrk's closing 'Requests/sec' and 'Transfer/sec' lines");
    }

    @Test
    void notUtf8IsBadInputSayingWhere() throws Exception {
        Path gzip = dir.resolve("wrk.txt.gz");
        Files.write(gzip, new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0});
        CliRun cli = CliRun.of("parse", gzip.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().strip()).isEqualTo("loadctl: " + gzip + " is not UTF-8 text (byte 0x8B at offset 1):"
                + " is it a wrk output?");

        byte[] utf16 = ("\uFEFF" + Fixtures.wrkOutput("notfound.txt")).getBytes(StandardCharsets.UTF_16LE);
        CliRun powershell = withStdin(utf16, "parse");
        assertThat(powershell.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(powershell.err()).contains("stdin is not UTF-8 text (byte 0xFF at offset 0): it is UTF-16");
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheOutput() throws Exception {
        Path bom = dir.resolve("bom.txt");
        Files.writeString(bom, "\uFEFF" + Fixtures.wrkOutput("seed-one-thread.txt"));
        CliRun cli = CliRun.of("parse", bom.toString());
        assertThat(cli.exitCode()).isZero();
        assertThat(ResultStore.JSON.readValue(cli.out(), WrkResult.class).url()).isEqualTo("http://localhost:8000/ping/");
    }

    @Test
    void anInputLargerThanAnyWrkOutputIsRefusedWhole() throws Exception {
        Path big = dir.resolve("big.txt");
        try (var out = Files.newBufferedWriter(big)) {
            out.write(Fixtures.wrkOutput("lua2-ok.txt"));
            String line = "x".repeat(99) + "\n";
            for (int written = 0; written <= WrkOutputParser.MAX_OUTPUT_BYTES; written += line.length()) {
                out.write(line);
            }
        }
        Path json = dir.resolve("big.json");
        CliRun cli = CliRun.of("parse", big.toString(), "--json", json.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().strip()).isEqualTo("loadctl: " + big + " is larger than any wrk output (loadctl reads at"
                + " most 4194304 bytes): give it the output of one wrk run");
        assertThat(json).doesNotExist();
    }

    @Test
    void manyStrayLinesAreKeptButNotAllEchoed() {
        String stray = "a stray line\n".repeat(20_000);
        CliRun cli = withStdin((Fixtures.wrkOutput("lua2-ok.txt") + stray).getBytes(StandardCharsets.UTF_8), "parse");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err().lines().filter(l -> l.startsWith("wrk also printed: "))).hasSize(10);
        assertThat(cli.err()).contains("wrk also printed 19990 more lines (all in the result's unknownLines and"
                + " rawOutput)").contains("verdict: healthy");
    }

    private static CliRun withStdin(byte[] bytes, String... args) {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            return CliRun.of(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void missingFileIsBadInput() {
        CliRun cli = CliRun.of("parse", dir.resolve("nope.txt").toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(cli.err().strip()).isEqualTo("loadctl: cannot read " + dir.resolve("nope.txt") + ": no such file");
    }

    @Test
    void jsonToDevStdoutIsStdoutAndTheSummaryMovesToStderr() throws Exception {
        CliRun cli = CliRun.of("parse", fixtureFile("lua-mixed.txt").toString(), "--json", "/dev/stdout");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(ResultStore.JSON.readValue(cli.out(), WrkResult.class).statusCodes()).containsEntry("503", 8455L);
        assertThat(cli.err()).contains("status:    200 ×127,441, 503 ×8,455");
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).as("/dev/stdout is still a link").isTrue();
    }

    @Test
    void jsonToDevNullIsWrittenThroughAndLeavesTheDevice() throws Exception {
        CliRun cli = CliRun.of("parse", fixtureFile("lua-mixed.txt").toString(), "--json", "/dev/null");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readAttributes(Path.of("/dev/null"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther()).as("/dev/null is still a device").isTrue();
    }

    @Test
    void aFullDeviceIsOneLineExit3AndNoSummary() throws Exception {
        CliRun cli = CliRun.of("parse", fixtureFile("lua-mixed.txt").toString(), "--json", "/dev/full");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.ENVIRONMENT.code());
        assertThat(cli.err()).isEqualTo("loadctl: cannot write /dev/full: No space left on device"
                + " (choose a writable path)\n");
        assertThat(cli.out()).isEmpty();
        assertThat(Files.readAttributes(Path.of("/dev/full"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther()).as("/dev/full is still a device").isTrue();
    }

    @Test
    void jsonThroughALinkLandsInItsTargetAndKeepsTheLink() throws Exception {
        Path target = dir.resolve("kept/run.json");
        Path link = Files.createSymbolicLink(dir.resolve("latest-run.json"), target);

        CliRun cli = CliRun.of("parse", fixtureFile("lua-ok.txt").toString(), "--json", link.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(ResultStore.readRun(target).rawOutput()).isEqualTo(Fixtures.wrkOutput("lua-ok.txt"));
    }

    /** The real entry point: System.out drops write errors, so a full stdout must not exit 0. */
    @Test
    void stdoutOnAFullDeviceExitsWith3() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "parse", fixtureFile("lua-mixed.txt").toString()));
        Process process = new ProcessBuilder(command).redirectOutput(new File("/dev/full"))
                .redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(ExitCode.ENVIRONMENT.code());
        assertThat(Files.readString(stderr)).endsWith("loadctl: cannot write to stdout (disk full, or the reader"
                + " went away): the output is incomplete\n");
    }
}
