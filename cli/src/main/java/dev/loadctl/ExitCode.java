package dev.loadctl;

import java.util.Arrays;
import java.util.Locale;

/**
 * loadctl's exit codes, each with the one line that {@code loadctl --help} and README.md ("Exit codes")
 * print for it; a test keeps the README's table equal to this list, and each line within the 80 columns
 * of the help.
 */
public enum ExitCode {
    OK(0, "done: a result was written (even when its verdict is unhealthy)"),
    INTERNAL(1, "internal error in loadctl (LOADCTL_DEBUG=1 prints the stack trace)"),
    /** Also picocli's own code for a command line it cannot parse. */
    USAGE(2, "bad command line or value (unknown profile, connections < threads, ...)"),
    ENVIRONMENT(3, "machine not ready: no wrk, busy port, open-files limit, unwritable output"),
    WRK_FAILED(4, "wrk failed or printed no result (cannot connect, usage text, no output)"),
    TARGET_FAILED(5, "the target server did not start or never became ready"),
    BAD_INPUT(6, "the input file is missing, unreadable or not a loadctl result"),
    /** 128 + SIGINT, as a shell reports a process that Ctrl-C ended. */
    INTERRUPTED(130, "interrupted by Ctrl-C or SIGTERM: wrk and server stopped, points saved");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    /** What the code means, in one line. */
    public String description() {
        return description;
    }

    /** Every code and its description, one per line, aligned: "  0   done: ...". */
    public static String[] list() {
        return Arrays.stream(values())
                .map(exit -> String.format(Locale.ROOT, "  %-3d %s", exit.code, exit.description))
                .toArray(String[]::new);
    }
}
