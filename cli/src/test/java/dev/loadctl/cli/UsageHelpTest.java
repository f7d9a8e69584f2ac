package dev.loadctl.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command's usage at 80 columns breaks lines at spaces only: its words are the same as when nothing
 * wraps, so no "result." at a line's end with "json" on the next.
 */
class UsageHelpTest {

    @Test
    void everyCommandsUsageAtEightyColumnsKeepsEveryWordWhole() {
        Map<String, CommandLine> commands = new LinkedHashMap<>();
        collect(Main.commandLine(), commands);
        assertThat(commands).containsKeys("loadctl", "loadctl sweep", "loadctl doctor", "loadctl report",
                "loadctl generate-completion");

        for (Map.Entry<String, CommandLine> command : commands.entrySet()) {
            String narrow = usage(command.getValue(), 80);
            String wide = usage(command.getValue(), 2000);
            assertThat(narrow.lines()).as(command.getKey() + "\n" + narrow)
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
            assertThat(words(narrow)).as(command.getKey() + " at 80 columns:\n" + narrow)
                    .containsExactlyElementsOf(words(wide));
        }
    }

    /** A '%' that is not '%%' makes picocli warn on stderr and print the description unformatted. */
    @Test
    void everyDescriptionIsAValidFormatString() {
        Map<String, CommandLine> commands = new LinkedHashMap<>();
        collect(Main.commandLine(), commands);
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            commands.values().forEach(command -> usage(command, 80));
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void continuationLinesKeepPicocliIndents() {
        String sweep = usage(Main.commandLine().getSubcommands().get("sweep"), 80);
        assertThat(sweep).containsPattern("(?m)^Usage: loadctl sweep \\[-hV] .*\\n {21}\\[--")
                .containsPattern("(?m)^ {6}--connections=C {6}wrk connections, kept open for the whole run, 1 to\\n {29}10,000,000 \\(default");
    }

    /** The check above does see picocli's own wrapping break a word, so it would catch a regression. */
    @Test
    void picocliWithoutItBreaksAWordAfterADot() {
        CommandLine plain = new CommandLine(new Broken());
        String narrow = usage(plain, 80);
        assertThat(narrow).contains("result.\njson");
        assertThat(words(narrow)).isNotEqualTo(words(usage(plain, 2000)));

        CommandLine fixed = new CommandLine(new Broken());
        fixed.setHelpFactory(UsageHelp::new);
        assertThat(words(usage(fixed, 80))).containsExactlyElementsOf(words(usage(fixed, 2000)));
    }

    @Test
    void aWordWiderThanTheColumnIsCutAsPicocliDoes() {
        CommandLine.Help.ColorScheme scheme = CommandLine.Help.defaultColorScheme(Ansi.OFF);
        List<String> lines = UsageHelp.WholeWords.wrap(scheme.text("ab cdefghij k"), 4, 4).stream()
                .map(CommandLine.Help.Ansi.Text::plainString).toList();
        assertThat(lines).containsExactly("ab", "cdef", "ghij", "k");
    }

    @Command(name = "broken", description = "Results go to OUT/<yyyyMMdd-HHmmss>-<profile>/ and more words here, in"
            + " result.json after every point.")
    static final class Broken {
    }

    private static void collect(CommandLine command, Map<String, CommandLine> into) {
        into.put(command.getCommandSpec().qualifiedName(), command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static String usage(CommandLine command, int width) {
        command.setUsageHelpWidth(width);
        return command.getUsageMessage(Ansi.OFF);
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
    }
}
