package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

// Placeholder until its issue lands: fails loudly rather than pretending to work.
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run wrk once and read its output right.")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new LoadctlException(ExitCode.INTERNAL, "'run' is not implemented yet");
    }
}
