package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes are listed from {@link ExitCode} alone: in {@code loadctl --help}, and in the README's table. */
class ExitCodeListTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theHelpFooterListsEveryCode() {
        String help = Main.commandLine().getUsageMessage();
        assertThat(help).contains("Exit codes:");
        for (ExitCode exit : ExitCode.values()) {
            assertThat(help).containsOnlyOnce(String.format("  %-3d %s%n", exit.code(), exit.description()));
        }
    }

    @Test
    void theReadmeTableListsExactlyTheCodesAndTheirDescriptions() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int heading = lines.indexOf("### Exit codes");
        assertThat(heading).as("README.md has a '### Exit codes' section").isNotNegative();
        List<String> rows = lines.stream().skip(heading + 1).dropWhile(line -> !line.startsWith("|"))
                .takeWhile(line -> line.startsWith("|")).skip(2).toList();

        assertThat(rows).containsExactlyElementsOf(Arrays.stream(ExitCode.values())
                .map(exit -> "| " + exit.code() + " | " + exit.description() + " |").toList());
    }
}
