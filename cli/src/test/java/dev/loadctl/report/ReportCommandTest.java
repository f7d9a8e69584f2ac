package dev.loadctl.report;

import dev.loadctl.cli.Main;
import dev.loadctl.result.ResultStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.loadctl.wrk.Fixtures.wrkOutput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code loadctl report} end to end through the command line, on results saved to disk. */
class ReportCommandTest {

    @TempDir
    Path temp;

    private Path sweepDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void saveASweep() throws IOException {
        sweepDir = temp.resolve("reports").resolve("20250601-100000-default");
        ResultStore.writeSweep(sweepDir.resolve("result.json"), Fixtures.scalingSweep());
        Files.createSymbolicLink(temp.resolve("reports").resolve("latest"), sweepDir.getFileName());
    }

    private int report(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "report";
        System.arraycopy(args, 0, full, 1, args.length);
        return commandLine.execute(full);
    }

    @Test
    void textSummaryOfASweepFolderThroughTheLatestLink() {
        int exit = report(temp.resolve("reports").resolve("latest").toString());

        assertThat(exit).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .startsWith("loadctl report: default\n")
                .contains("latest (now 20250601-100000-default), sweep, started 2025-06-01T10:00:00Z, complete")
                .contains("REACHED at 4 threads: goodput 20,450/s (target 20,000/s), p99 232 ms (SLA 250 ms)")
                .contains("The scaling model does not describe these points: only 4 and 8 threads")
                .containsPattern("\n  wrk +wrk 4\\.1\\.0 \\[epoll\\]\n")
                .containsPattern("\n  Open files +soft 1024, hard 20000\n");
        // Text goes to the terminal only.
        assertThat(sweepDir.resolve("report.csv")).doesNotExist();
    }

    @Test
    void htmlCsvAndJsonAreWrittenBesideTheResultWithEveryChart() throws IOException {
        int exit = report("--html", "--csv", "--json", sweepDir.resolve("result.json").toString());

        assertThat(exit).as(err.toString()).isZero();
        for (String file : new String[]{"index.html", "report.csv", "report.json", "throughput.png", "throughput.svg",
                "latency.png", "latency.svg", "latency-distribution.png", "latency-distribution.svg", "errors.png",
                "errors.svg", "cpu.png", "cpu.svg"}) {
            assertThat(sweepDir.resolve(file)).isNotEmptyFile();
        }
        assertThat(ImageIO.read(sweepDir.resolve("errors.png").toFile()).getWidth()).isEqualTo(900);
        assertThat(out.toString()).contains("html: " + sweepDir.resolve("index.html").toRealPath())
                .contains("csv: " + sweepDir.resolve("report.csv").toRealPath())
                .contains("charts: " + sweepDir.toRealPath() + "/{throughput.png,throughput.svg,");
        assertThat(Files.readString(sweepDir.resolve("report.csv"))).startsWith("# loadctl report: default");
        Report json = ResultStore.JSON.readValue(sweepDir.resolve("report.json").toFile(), Report.class);
        assertThat(json.main().verdict().threads()).isEqualTo(4);
        assertThat(json.main().points()).hasSize(4);
        assertThat(Files.readString(sweepDir.resolve("index.html"))).contains("<h2>REACHED at 4 threads</h2>");
        assertThat(Files.list(sweepDir).map(path -> path.getFileName().toString()))
                .noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void reportFilesGoThroughLinksAndFifosAndAreNeverReplaced() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("out"));
        Path csvTarget = temp.resolve("kept/report.csv");
        Path csvLink = Files.createSymbolicLink(folder.resolve("report.csv"), csvTarget);
        Path fifo = folder.resolve("report.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        int exit = report("--csv", "--json", "--out", folder.toString(), sweepDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(reader.get(10, TimeUnit.SECONDS)).contains("\"reportVersion\" : 1");
        assertThat(Files.isSymbolicLink(csvLink)).isTrue();
        assertThat(Files.readString(csvTarget)).startsWith("# loadctl report: default");
        assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
    }

    @Test
    void anOutFolderThatIsADeviceIsOneLineWithExit3() {
        assertBadInput(3, "cannot write /dev/full/report.csv: Not a directory (choose a writable path)",
                "--csv", "--out", "/dev/full", sweepDir.toString());
    }

    @Test
    void chartsAloneGoToTheOutFolder() throws IOException {
        Path folder = temp.resolve("charts-here");

        int exit = report("--charts", "--out", folder.toString(), sweepDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted()).containsExactly("cpu.png", "cpu.svg",
                    "errors.png", "errors.svg", "latency-distribution.png", "latency-distribution.svg", "latency.png",
                    "latency.svg", "throughput.png", "throughput.svg");
        }
        assertThat(out.toString()).startsWith("charts: ").doesNotContain("REACHED");
        assertThat(sweepDir.resolve("throughput.png")).doesNotExist();
    }

    @Test
    void markdownGoesToStdoutAndFilePathsToStderr() {
        int exit = report("--markdown", "--csv", sweepDir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("## loadctl report: default\n").doesNotContain("report.csv");
        assertThat(err.toString()).startsWith("csv: ").contains("report.csv");
    }

    @Test
    void theOriginsParsedRunsAreReportedAsNotReached() throws IOException {
        Path one = temp.resolve("seed-one-thread.json");
        Path four = temp.resolve("seed-four-threads.json");
        ResultStore.writeRun(one, Fixtures.seedOneThread());
        ResultStore.writeRun(four, Fixtures.seedFourThreads());

        int exit = report(one.toString(), four.toString(), "--csv");

        assertThat(exit).as(err.toString()).isZero();
        String csv = Files.readString(temp.resolve("report.csv"));
        assertThat(csv).contains("# NOT REACHED: no measured thread count (1 and 4 threads) served 20,000/s")
                .contains("# - every response was an error at every thread count measured (1 and 4 threads)");
    }

    @Test
    void singleRunDefaultsCanBeOverridden() throws IOException {
        Path fast = temp.resolve("fast.json");
        ResultStore.writeRun(fast, Fixtures.fastLatency());

        int exit = report(fast.toString(), "--target-rps", "200000", "--sla-p99", "5ms", "--delay", "1ms");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("NOT REACHED: the 200,000/s target is above this run's Little's-law ceiling of"
                        + " 100,000/s (100 connections / 1.00 ms), so no server could reach it here.")
                .contains("throughput is capped by Little's law: 100 connections / 1.00 ms = 100,000/s at most,"
                        + " below the 200,000/s target; it would take at least 200 connections");
    }

    @Test
    void twoSweepsAreComparedSideBySide() throws IOException {
        Path other = temp.resolve("other");
        ResultStore.writeSweep(other.resolve("result.json"), Fixtures.scalingSweep());

        int exit = report(sweepDir.toString(), other.toString(), "--html");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(other.resolve("compare.html")).isNotEmptyFile();
        assertThat(other.resolve("compare-goodput.png")).isNotEmptyFile();
        assertThat(other.resolve("index.html")).doesNotExist();
        assertThat(Files.readString(other.resolve("compare.html"))).contains("B against A, per thread count")
                .contains("<td class=\"words\">same</td>");
    }

    @Test
    void badInputGetsOneLineAndItsExitCode() throws IOException {
        assertThat(report(temp.resolve("missing").toString())).isEqualTo(6);
        assertThat(err.toString()).isEqualTo("loadctl: " + temp.resolve("missing") + " does not exist: name a sweep"
                + " folder (reports/<stamp>-<profile>), its result.json, or JSON files from 'loadctl parse'\n");

        Path notJson = Files.writeString(temp.resolve("wrk.txt"), wrkOutput("seed-one-thread.txt"));
        assertBadInput(6, "cannot read " + notJson + " as JSON", notJson.toString());

        Path other = Files.writeString(temp.resolve("other.json"), "{\"hello\": 1}");
        assertBadInput(6, other + " is not a loadctl result: it has neither 'points'", other.toString());

        Path emptyDir = Files.createDirectories(temp.resolve("empty"));
        assertBadInput(6, emptyDir + " has no result.json", emptyDir.toString());

        Path run = temp.resolve("run.json");
        ResultStore.writeRun(run, Fixtures.seedOneThread());
        assertBadInput(2, "cannot mix sweeps and single wrk runs", sweepDir.toString(), run.toString());
        assertBadInput(2, "a report covers one sweep, or compares two; got 3", sweepDir.toString(),
                sweepDir.toString(), sweepDir.toString());
        assertBadInput(2, "bad duration 'soon'", sweepDir.toString(), "--sla-p99", "soon");
        assertBadInput(2, "--target-rps must be a positive number", sweepDir.toString(), "--target-rps", "-5");
    }

    @Test
    void withoutAnInputItReadsReportsLatestAndSaysHowToMakeOne() {
        // Tests run in the cli module, where no sweep has been made.
        assertThat(Path.of("reports", "latest")).doesNotExist();
        assertBadInput(6, "no sweep at reports/latest yet: run 'loadctl sweep' first");
    }

    private void assertBadInput(int exitCode, String message, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(report(args)).as(err.toString()).isEqualTo(exitCode);
        assertThat(err.toString()).startsWith("loadctl: ").contains(message);
        assertThat(err.toString().lines()).hasSizeLessThanOrEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }
}
