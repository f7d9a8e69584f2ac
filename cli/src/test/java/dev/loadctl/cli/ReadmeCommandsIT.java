package dev.loadctl.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands run as written, from the checkout's root, with the packaged jar: every command of
 * its {@code sh} and {@code console} blocks is either run here, in README order, or exempt with a reason,
 * so a new command cannot slip in untried. {@code /tmp/} in a command stands for a temporary folder.
 */
class ReadmeCommandsIT {

    private static final Path README = ShellRun.CHECKOUT.resolve("README.md");

    /** Commands that take too long or write outside the checkout, and where they are tested instead. */
    private static final Map<String, String> EXEMPT = Map.of(
            "make quick", "a one-minute sweep; SweepEndToEndTest and ReportOnRealSweepTest run small ones",
            "make test", "the test suite itself",
            "bin/loadctl sweep --threads 1,2,4,8 --connections 20000", "three minutes of load; SweepEndToEndTest",
            "bin/loadctl report --html", "needs a sweep in reports/latest; ReportCommandTest",
            "make bench", "about ten minutes; BenchEndToEndTest",
            "make install PREFIX=~/.local", "writes to the home folder; InstallIT installs to a temporary PREFIX",
            "make uninstall PREFIX=~/.local", "InstallIT",
            "bin/loadctl capacity --threads 1,2,4,8 --target-rps 20000 --sla-p99 250ms",
            "about four minutes of load; CapacityEndToEndTest runs small searches");

    /** Commands run here, with what their output must show (a console block's output is checked as well). */
    private static final Map<String, Consumer<ShellRun>> RUN = new LinkedHashMap<>();

    static {
        RUN.put("bin/loadctl parse examples/seed-four-threads.txt", run -> assertThat(run.output())
                .contains("\"threads\" : 4", "\"connections\" : 20000", "\"goodputPerSecond\" : 0.0"));
        RUN.put("bin/loadctl parse examples/seed-one-thread.txt --json /tmp/seed-one-thread.json",
                run -> assertThat(run.output()).contains("verdict: UNHEALTHY: every response was an error"));
        RUN.put("bin/loadctl parse examples/seed-four-threads.txt --json /tmp/seed-four-threads.json",
                run -> assertThat(run.output()).contains("verdict: UNHEALTHY: every response was an error"));
        RUN.put("bin/loadctl report /tmp/seed-one-thread.json /tmp/seed-four-threads.json", run -> assertThat(run.output())
                .contains("NOT REACHED: no measured thread count (1 and 4 threads) served 20,000/s")
                .contains("every response was an error at every thread count measured (1 and 4 threads)"));
        RUN.put("bin/loadctl --help", run -> assertThat(run.output()).startsWith("Usage: loadctl [-hV] [COMMAND]")
                .contains("  sweep ", "  doctor ", "  generate-completion", "Exit codes:"));
        RUN.put("bin/loadctl sweep --help", run -> assertThat(run.output()).startsWith("Usage: loadctl sweep ")
                .contains("--connections=C", "(default: 20000)"));
        RUN.put("bin/loadctl profiles", run -> assertThat(run.output())
                .containsPattern("(?m)^default +The original question")
                .containsPattern("(?m)^quick +About one minute"));
        RUN.put("bin/loadctl doctor --connections 20000", run -> assertThat(run.output())
                .containsPattern("(?m)^(ok|warn) +open files ")
                .containsPattern("(?m)^(ok|warn|fail) +ephemeral ports "));
        RUN.put("source <(loadctl generate-completion)", run -> assertThat(run.output())
                .containsPattern("complete .*-F _complete_loadctl .*loadctl"));
    }

    /** What bash runs after a command, to show what it did where it prints nothing itself. */
    private static final Map<String, String> THEN = Map.of(
            "source <(loadctl generate-completion)", "complete -p loadctl");

    @TempDir
    static Path tmp;

    @Test
    void everyReadmeCommandIsRunOrExemptAndEveryListedOneIsStillInTheReadme() throws IOException {
        List<String> commands = readmeCommands().stream().map(ReadmeCommand::command).toList();
        assertThat(commands).as("README commands neither run nor exempt here: add them to RUN or EXEMPT")
                .allSatisfy(command -> assertThat(RUN.containsKey(command) || EXEMPT.containsKey(command))
                        .as(command).isTrue());
        assertThat(commands).as("listed here but no longer in the README").containsAll(RUN.keySet())
                .containsAll(EXEMPT.keySet());
    }

    @TestFactory
    Stream<DynamicTest> readmeCommandsRunAsWrittenFromTheCheckout() throws IOException {
        return readmeCommands().stream().filter(command -> RUN.containsKey(command.command()))
                .map(command -> DynamicTest.dynamicTest(command.command(), () -> run(command)));
    }

    private static void run(ReadmeCommand command) throws Exception {
        String commandLine = command.command().replace("/tmp/", tmp + "/");
        if (THEN.containsKey(command.command())) {
            commandLine += "\n" + THEN.get(command.command());
        }
        ShellRun run = ShellRun.in(ShellRun.CHECKOUT, commandLine);
        if (command.command().startsWith("bin/loadctl doctor")) {
            // doctor exits with its first failure's code: on a machine where port 8000 is taken, say, that is 3.
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(run.output().contains("\nfail ") ? 3 : 0);
        } else {
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        RUN.get(command.command()).accept(run);
        for (String expected : command.shownOutput()) {
            // "..." stands for lines left out, "(...)" for text left out of a line.
            String pattern = Pattern.quote(expected).replace("(...)", "\\E.*\\Q");
            assertThat(run.output()).as("the README shows this line").containsPattern(pattern);
        }
    }

    /** A command from a fenced block, and for a console block the output lines the README shows under it. */
    record ReadmeCommand(String command, List<String> shownOutput) {
    }

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)$");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#\\s.*$");

    static List<ReadmeCommand> readmeCommands() throws IOException {
        List<ReadmeCommand> commands = new ArrayList<>();
        String block = null;
        for (String line : Files.readAllLines(README)) {
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                block = block == null ? fence.group(1) : null;
            } else if ("sh".equals(block) && !line.isBlank() && !line.startsWith("#")) {
                commands.add(new ReadmeCommand(TRAILING_COMMENT.matcher(line).replaceFirst("").strip(), List.of()));
            } else if ("console".equals(block) && line.startsWith("$ ")) {
                commands.add(new ReadmeCommand(line.substring(2).strip(), new ArrayList<>()));
            } else if ("console".equals(block) && !commands.isEmpty() && !line.equals("...")) {
                commands.get(commands.size() - 1).shownOutput().add(line);
            }
        }
        return commands;
    }
}
