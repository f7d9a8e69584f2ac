package dev.loadctl;

/** loadctl's exit codes, documented in README.md ("Exit codes"). */
public enum ExitCode {
    /** Done; for run/sweep/parse, the result was written (even if the verdict is unhealthy). */
    OK(0),
    /** A bug in loadctl: please report it. */
    INTERNAL(1),
    /** Bad command line or input value (picocli's own code for usage errors). */
    USAGE(2),
    /** The machine is not ready: wrk missing, port in use, open-files limit, unwritable output folder. */
    ENVIRONMENT(3),
    /** wrk failed or printed something that is not a result (unable to connect, usage text, empty output). */
    WRK_FAILED(4),
    /** The target server did not start or never became ready. */
    TARGET_FAILED(5),
    /** The input file is not a loadctl result (report) or cannot be read. */
    BAD_INPUT(6),
    /** Stopped by Ctrl-C or SIGTERM; finished points were saved with complete=false. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
