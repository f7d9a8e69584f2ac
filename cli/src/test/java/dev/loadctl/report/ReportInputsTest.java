package dev.loadctl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadctl.cli.Main;
import dev.loadctl.result.ResultStore;
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
import java.util.function.Consumer;

import static dev.loadctl.wrk.Fixtures.wrkOutput;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@code loadctl report} accepts from saved files: one sweep's worth of runs, and only possible numbers. */
class ReportInputsTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void runsOfDifferentUrlsAndConnectionsAreNotAveragedIntoOnePoint() throws IOException {
        Path a = run("a.json", Fixtures.fastLatency());
        Path b = run("b.json", Fixtures.fastLatency());
        Path c = run("c.json", Fixtures.notFound());

        assertRefused(2, "cannot report these runs as one sweep: they differ in URL (http://127.0.0.1:8100/fast/: "
                + a + ", " + b + "; http://127.0.0.1:8100/nope/: " + c + "); and in connections (100: " + a + ", " + b
                + "; 200: " + c + "). A sweep varies only the thread count", a, b, c);
    }

    @Test
    void runsOfOneServerThreadCountMustShareWrksThreads() throws IOException {
        Path a = run("a.json", Fixtures.fastLatency().withServerThreads(4));
        Path b = edited(run("b.json", Fixtures.fastLatency().withServerThreads(4)), run -> run.put("threads", 1));

        assertRefused(2, "they differ in wrk threads at 4 threads (2: " + a + "; 1: " + b + ")", a, b);
    }

    @Test
    void runsThatDifferOnlyInThreadsAreOneSweep() throws IOException {
        Path one = run("one.json", Fixtures.seedOneThread());
        Path four = run("four.json", Fixtures.seedFourThreads());

        assertThat(report(one, four)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("NOT REACHED");
    }

    @Test
    void impossibleNumbersInARunAreOneLineNamingTheField() throws IOException {
        assertBadRun(run -> run.put("goodputPerSecond", -5), "goodputPerSecond is -5; it is never negative");
        assertBadRun(run -> run.put("goodputPerSecond", 1e308), "goodputPerSecond is 1.0E308, above the 586940"
                + " requests in 5.01 s (117,154/s): goodput counts only some of those responses");
        assertBadRun(run -> run.put("errorRate", 1.5), "errorRate is 1.5; a share of requests is 0 to 1");
        assertBadRun(run -> run.put("schemaVersion", 99), "schemaVersion is 99; this loadctl reads schema version 1");
        assertBadRun(run -> run.putNull("requests"), "requests is null; a value is required");
        assertBadRun(run -> run.remove("durationSeconds"), "durationSeconds is missing");
        assertBadRun(run -> run.put("requests", 1.5), "requests is 1.5; expected a whole number");
        assertBadRun(run -> ((ObjectNode) run.get("latencyMs")).put("p99", -1), "latencyMs.p99 is -1; it is never"
                + " negative");
        assertBadRun(run -> ((ObjectNode) run.get("socketErrors")).put("timeout", -3), "socketErrors.timeout is -3;"
                + " it is never below 0");
        assertBadRun(run -> run.putObject("statusCodes").putNull("200"), "statusCodes.200 is null");
    }

    @Test
    void infinityIsRefusedThoughJsonCanSpellIt() throws IOException {
        Path file = run("inf.json", Fixtures.fastLatency());
        Files.writeString(file, Files.readString(file).replaceFirst("\"goodputPerSecond\" : [0-9.E]+",
                "\"goodputPerSecond\" : 1e999"));

        assertRefused(6, file + ": goodputPerSecond is Infinity; expected a finite number", file);
    }

    @Test
    void aSweepWithImpossibleValuesIsOneLineWithTheJsonPath() throws IOException {
        assertBadSweep(sweep -> params(sweep).put("targetRps", -5), "parameters.targetRps is -5; it must be above 0");
        assertBadSweep(sweep -> sweep.put("schemaVersion", 99), "schemaVersion is 99");
        assertBadSweep(sweep -> ((ArrayNode) sweep.get("points")).removeAll().addNull(), "points[0] is null;"
                + " expected a value");
        assertBadSweep(sweep -> iteration(sweep, 0, 1).put("goodputPerSecond", -1),
                "points[0].iterations[1].goodputPerSecond is -1; it is never negative");
        assertBadSweep(sweep -> ((ArrayNode) sweep.get("points").get(0).get("iterations")).addNull(),
                "points[0].iterations[3] is null");
        assertBadSweep(sweep -> ((ArrayNode) params(sweep).get("threads")).addNull(), "parameters.threads[4] is null");
        assertBadSweep(sweep -> sweep.remove("parameters"), "parameters is missing");
        assertBadSweep(sweep -> params(sweep).put("stagger", "yes"), "parameters.stagger is the text \"yes\"; expected"
                + " true or false");
    }

    @Test
    void aSweepWrittenBeforeTheStaggerWasRecordedIsReported() throws IOException {
        Path file = edited(sweep(), sweep -> params(sweep).remove("stagger"));

        assertThat(Files.readString(file)).doesNotContain("stagger");
        assertThat(report(file)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("REACHED at 4 threads");
    }

    @Test
    void theReportIsComputedFromTheIterationsNotTheStatisticsSavedBesideThem() throws IOException {
        // Every run at 4 threads edited down to 100 timely 2xx/s; the saved statistics still say 20,450/s.
        Path file = edited(sweep(), sweep -> {
            for (int i = 0; i < 3; i++) {
                iteration(sweep, 2, i).put("goodputPerSecond", 100.0);
            }
        });

        assertThat(report(file)).as(err.toString()).isZero();
        assertThat(out.toString()).doesNotContain("REACHED at 4 threads").contains("REACHED at 8 threads")
                .contains("the statistics saved for 4 threads disagree with the wrk runs saved beside them");
    }

    @Test
    void everyRealWrkOutputPassesTheChecks() throws IOException {
        for (String fixture : new String[]{"fast-latency.txt", "lua-connect-errors.txt", "lua-mixed.txt",
                "lua-ok.txt", "lua-redirect.txt", "lua-timeouts-some.txt", "minutes-lua.txt", "minutes.txt",
                "missing-script.txt", "notfound.txt", "redirect-plain.txt", "seed-four-threads.txt",
                "seed-one-thread.txt", "timeouts-all.txt", "timeouts-some.txt", "connect-errors.txt"}) {
            Path file = run(fixture + ".json", WrkOutputParser.parse(wrkOutput(fixture)));
            ResultValidator.checkRun(file, ResultStore.readTree(file));
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Path run(String name, WrkResult result) {
        Path file = temp.resolve(name);
        ResultStore.writeRun(file, result);
        return file;
    }

    private Path sweep() {
        Path file = temp.resolve("sweep/result.json");
        ResultStore.writeSweep(file, Fixtures.scalingSweep());
        return file;
    }

    private static Path edited(Path file, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = (ObjectNode) ResultStore.readTree(file);
        edit.accept(tree);
        ResultStore.writeAtomically(file, ResultStore.toJson(tree));
        return file;
    }

    private static ObjectNode params(ObjectNode sweep) {
        return (ObjectNode) sweep.get("parameters");
    }

    private static ObjectNode iteration(JsonNode sweep, int point, int iteration) {
        return (ObjectNode) sweep.get("points").get(point).get("iterations").get(iteration);
    }

    private void assertBadRun(Consumer<ObjectNode> edit, String message) throws IOException {
        Path file = edited(run("bad-run.json", Fixtures.fastLatency()), edit);
        assertRefused(6, file + ": " + message, file);
    }

    private void assertBadSweep(Consumer<ObjectNode> edit, String message) throws IOException {
        Path file = edited(sweep(), edit);
        assertRefused(6, file + ": " + message, file);
    }

    private void assertRefused(int exitCode, String message, Path... files) {
        assertThat(report(files)).as(err.toString()).isEqualTo(exitCode);
        assertThat(err.toString()).startsWith("loadctl: ").contains(message).doesNotContain("Exception");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(out.toString()).isEmpty();
    }

    private int report(Path... files) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] args = new String[files.length + 1];
        args[0] = "report";
        for (int i = 0; i < files.length; i++) {
            args[i + 1] = files[i].toString();
        }
        return commandLine.execute(args);
    }
}
