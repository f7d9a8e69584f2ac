package dev.loadctl.cli;

import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.RunSummary;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Where {@code run} and {@code parse} put a result: the JSON to a file or stdout, the summary beside it. */
final class RunOutput {

    static final String STDOUT = "-";

    private RunOutput() {
    }

    /**
     * @param jsonTarget   a file, {@code -} for stdout, or null for no JSON
     * @param summaryToErr put the summary on stderr even when stdout is free
     */
    static void write(WrkResult result, String jsonTarget, boolean summaryToErr, PrintWriter out, PrintWriter err) {
        boolean jsonOnStdout = STDOUT.equals(jsonTarget);
        if (jsonTarget != null && !jsonOnStdout) {
            ResultStore.writeRun(Path.of(jsonTarget), result);
        }
        PrintWriter summary = summaryToErr || jsonOnStdout ? err : out;
        summary.print(RunSummary.format(result));
        summary.flush();
        if (jsonOnStdout) {
            out.print(ResultStore.toJson(result));
            out.flush();
        }
    }
}
