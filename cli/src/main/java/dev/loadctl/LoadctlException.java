package dev.loadctl;

/**
 * A failure the user can act on: one line saying what is wrong and how to fix it, and the exit code
 * it maps to. Thrown anywhere below the CLI; the CLI prints {@link #getMessage()} without a stack trace.
 */
public class LoadctlException extends RuntimeException {

    private final ExitCode exitCode;

    public LoadctlException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LoadctlException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
