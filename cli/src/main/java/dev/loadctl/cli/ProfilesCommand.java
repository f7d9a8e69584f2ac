package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

// Placeholder until its issue lands: fails loudly rather than pretending to work.
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "List the named scenarios in profiles/.")
public final class ProfilesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new LoadctlException(ExitCode.INTERNAL, "'profiles' is not implemented yet");
    }
}
