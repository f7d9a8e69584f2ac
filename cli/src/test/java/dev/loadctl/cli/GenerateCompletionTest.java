package dev.loadctl.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCompletionTest {

    @Test
    void printsABashCompletionScriptForEveryCommand() {
        CliRun run = CliRun.of("generate-completion");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_loadctl -o default loadctl")
                .contains("sweep", "bench", "parse", "report", "doctor", "profiles", "--connections", "--profile");
    }
}
