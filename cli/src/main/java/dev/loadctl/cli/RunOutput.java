package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.RunGoals;
import dev.loadctl.wrk.RunSummary;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/** Where {@code run} and {@code parse} put a result: the JSON to a file or stdout, the summary beside it. */
final class RunOutput {

    static final String STDOUT = "-";
    /** Names of this process's stdout: written as {@code -} is, so the summary moves to stderr and stays apart. */
    private static final Set<String> STDOUT_NAMES = Set.of(STDOUT, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1");

    private RunOutput() {
    }

    /** Before the run: a JSON file that cannot be written fails now (exit 3), not after wrk's whole run. */
    static void requireWritable(String jsonTarget) {
        if (jsonTarget != null && !STDOUT_NAMES.contains(jsonTarget)) {
            ResultStore.requireWritable(Path.of(jsonTarget));
        }
    }

    /**
     * @param goals        what the run is judged against besides its responses
     * @param jsonTarget   a file, {@code -} for stdout, or null for no JSON
     * @param summaryToErr put the summary on stderr even when stdout is free
     */
    static void write(WrkResult result, RunGoals goals, String jsonTarget, boolean summaryToErr, PrintWriter out,
                      PrintWriter err) {
        boolean jsonOnStdout = jsonTarget != null && STDOUT_NAMES.contains(jsonTarget);
        if (jsonTarget != null && !jsonOnStdout) {
            ResultStore.writeRun(Path.of(jsonTarget), result);
        }
        PrintWriter summary = summaryToErr || jsonOnStdout ? err : out;
        summary.print(RunSummary.format(result, goals));
        summary.flush();
        if (jsonOnStdout) {
            out.print(ResultStore.toJson(result));
            if (out.checkError()) {
                throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot write the result to stdout");
            }
        }
    }
}
