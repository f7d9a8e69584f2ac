package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

// Placeholder until its issue lands: fails loudly rather than pretending to work.
@Command(name = "parse", mixinStandardHelpOptions = true, description = "Turn a saved wrk output into result JSON.")
public final class ParseCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new LoadctlException(ExitCode.INTERNAL, "'parse' is not implemented yet");
    }
}
