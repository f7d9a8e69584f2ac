package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

// Placeholder until its issue lands: fails loudly rather than pretending to work.
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check the machine before putting load on it.")
public final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new LoadctlException(ExitCode.INTERNAL, "'doctor' is not implemented yet");
    }
}
