package dev.loadctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.wrk.RunGoals;
import dev.loadctl.wrk.WrkOutputParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "parse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turn a saved wrk 4.x output (stdout and stderr as printed) into the same result JSON that"
                + " 'loadctl run' writes, with the same summary and verdict on stderr.",
                "Also reads a loadctl run result and parses its rawOutput again.",
                "An input that is not one complete wrk output (cut short, a wrk failure such as unable to connect,"
                        + " usage text, empty) exits with 4 and writes no JSON; one that cannot be read as text"
                        + " (missing, not UTF-8, over 4 MiB) exits with 6."})
public final class ParseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE|-",
            description = "The saved output; - reads stdin (default).")
    String input;

    @Option(names = "--json", defaultValue = "-", paramLabel = "FILE|-",
            description = "Where the result JSON goes: FILE, or stdout with - (default).")
    String json;

    @Mixin
    RunGoalOptions goals;

    @Override
    public Integer call() {
        RunGoals judgedBy = goals.resolve();
        String raw = wrkOutputOf(read(input));
        RunOutput.write(WrkOutputParser.parse(raw), judgedBy, json, true, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return ExitCode.OK.code();
    }

    private String read(String source) {
        boolean stdin = RunOutput.STDOUT.equals(source);
        String name = stdin ? "stdin" : source;
        byte[] bytes;
        try {
            if (stdin) {
                if (System.console() != null) {
                    // Otherwise a bare 'loadctl parse' at a prompt just waits, saying nothing.
                    spec.commandLine().getErr().println("reading wrk output from stdin (Ctrl-D to end)");
                    spec.commandLine().getErr().flush();
                }
                bytes = System.in.readNBytes(WrkOutputParser.MAX_OUTPUT_BYTES + 1);
            } else {
                try (InputStream in = Files.newInputStream(Path.of(source))) {
                    bytes = in.readNBytes(WrkOutputParser.MAX_OUTPUT_BYTES + 1);
                }
            }
        } catch (NoSuchFileException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT, "cannot read " + source + ": no such file");
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.BAD_INPUT, "cannot read " + name + ": " + e.getMessage());
        }
        if (bytes.length > WrkOutputParser.MAX_OUTPUT_BYTES) {
            // Refused whole: a result keeps all of its wrk output, so a part of one would not be the evidence.
            throw new LoadctlException(ExitCode.BAD_INPUT, name + " is larger than any wrk output (loadctl reads at most "
                    + WrkOutputParser.MAX_OUTPUT_BYTES + " bytes): give it the output of one wrk run");
        }
        String text = utf8(bytes, name);
        if (text.isBlank()) {
            throw new LoadctlException(ExitCode.WRK_FAILED, name + (text.isEmpty() ? " is empty" : " holds only blank lines")
                    + ": there is no wrk output in it");
        }
        return text;
    }

    /** The text, or one line saying where it stops being UTF-8: wrk prints ASCII, so such input is something else. */
    static String utf8(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            boolean utf16 = bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE
                    || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF);
            throw new LoadctlException(ExitCode.BAD_INPUT, name + " is not UTF-8 text (byte 0x"
                    + String.format("%02X", bytes[offset] & 0xFF) + " at offset " + offset + ")" + (utf16
                    ? ": it is UTF-16 (as PowerShell's '>' writes); save wrk's output as UTF-8"
                    : ": is it a wrk output?"));
        }
        String text = out.flip().toString();
        // Windows editors start UTF-8 files with a byte-order mark, which no wrk line begins with.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
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
