package dev.loadctl.report;

import dev.loadctl.cli.Main;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.WrkOutputParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.loadctl.wrk.Fixtures.wrkOutput;
import static org.assertj.core.api.Assertions.assertThat;

/** The origin's own wrk outputs, read by loadctl's parser, then reported: the question answered. */
class OriginReportTest {

    @TempDir
    Path temp;

    @Test
    void theHandBuiltFixturesAreWhatTheParserReads() {
        assertThat(WrkOutputParser.parse(wrkOutput("seed-one-thread.txt"))).isEqualTo(Fixtures.seedOneThread());
        assertThat(WrkOutputParser.parse(wrkOutput("seed-four-threads.txt"))).isEqualTo(Fixtures.seedFourThreads());
        assertThat(WrkOutputParser.parse(wrkOutput("fast-latency.txt"))).isEqualTo(Fixtures.fastLatency());
        assertThat(WrkOutputParser.parse(wrkOutput("notfound.txt"))).isEqualTo(Fixtures.notFound());
    }

    @Test
    void theOriginsTwoOutputsParsedThenReportedAreNotReachedBecauseEveryResponseWasAnError() throws IOException {
        Path one = temp.resolve("seed-one-thread.json");
        Path four = temp.resolve("seed-four-threads.json");
        for (String name : new String[]{"seed-one-thread", "seed-four-threads"}) {
            Path saved = Files.writeString(temp.resolve(name + ".txt"), wrkOutput(name + ".txt"));
            assertThat(loadctl("parse", saved.toString(), "--json", temp.resolve(name + ".json").toString()))
                    .as(err.toString()).isZero();
        }
        out.getBuffer().setLength(0);

        int exit = loadctl("report", "--markdown", one.toString(), four.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("**NOT REACHED**: no measured thread count (1 and 4 threads) served 20,000/s")
                .contains("- every response was an error at every thread count measured (1 and 4 threads):"
                        + " 296,910 responses and not one timely 2xx")
                .contains("| 4 | 0/s | 8,096/s |");
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int loadctl(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void runsThatRecordTheServersThreadsAreKeyedByThem() {
        WrkResult two = Fixtures.fastLatency().withServerThreads(8);
        WrkResult again = Fixtures.fastLatency().withServerThreads(8);
        WrkResult one = Fixtures.fastLatency().withServerThreads(1);
        Overrides overrides = new Overrides(null, null, 0.5);
        LoadedSweep input = ReportInputs.assemble(List.of(Path.of("a.json"), Path.of("b.json"), Path.of("c.json")),
                List.of(two, again, one), overrides);
        SweepReport report = ReportBuilder.build(List.of(input), overrides).main();

        assertThat(report.threadsAre()).isEqualTo("server threads");
        assertThat(report.points()).extracting(SweepReport.PointRow::threads).containsExactly(1, 8);
        assertThat(report.points()).extracting(SweepReport.PointRow::wrkThreads).containsExactly(2, 2);
        assertThat(report.points().get(1).iterations()).isEqualTo(2);
        assertThat(report.notes()).contains("assembled from 3 single wrk runs; points are keyed by the server"
                + " thread count each run recorded");
    }
}
