package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

// Placeholder until its issue lands: fails loudly rather than pretending to work.
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run a sweep over server thread counts.")
public final class SweepCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new LoadctlException(ExitCode.INTERNAL, "'sweep' is not implemented yet");
    }
}
