package dev.loadctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.wrk.WrkOutputParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "parse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a saved wrk 4.x output (stdout and stderr as printed) into the same result JSON that"
                + " 'loadctl run' writes, with the same summary and verdict on stderr.",
                "Also reads a loadctl run result and parses its rawOutput again.",
                "A wrk failure output (unable to connect, usage text, empty) exits with 4 and writes no JSON."})
public final class ParseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE|-",
            description = "The saved output; - reads stdin (default).")
    String input;

    @Option(names = "--json", defaultValue = "-", paramLabel = "FILE|-",
            description = "Where the result JSON goes: FILE, or stdout with - (default).")
    String json;

    @Override
    public Integer call() {
        String raw = wrkOutputOf(read(input));
        RunOutput.write(WrkOutputParser.parse(raw), json, true, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return ExitCode.OK.code();
    }

    private static String read(String source) {
        try {
            if (RunOutput.STDOUT.equals(source)) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT, "cannot read " + source + ": no such file");
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT, "cannot read " + source + ": " + e.getMessage());
        }
    }

    /** A loadctl run result (JSON with rawOutput) stands for the wrk output it keeps. */
    private static String wrkOutputOf(String text) {
        if (!text.stripLeading().startsWith("{")) {
            return text;
        }
        try {
            JsonNode rawOutput = ResultStore.JSON.readTree(text).get("rawOutput");
            if (rawOutput != null && rawOutput.isTextual()) {
                return rawOutput.asText();
            }
        } catch (IOException notJson) {
            // Not JSON after all: parse it as wrk output, which says what is wrong with it.
        }
        return text;
    }
}
