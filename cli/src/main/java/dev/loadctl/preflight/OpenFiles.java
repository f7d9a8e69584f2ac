package dev.loadctl.preflight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open-files limit (RLIMIT_NOFILE) of loadctl's process, which wrk and the server inherit.
 * {@link Long#MAX_VALUE} stands for "unlimited".
 */
public record OpenFiles(long soft, long hard) {

    private static final Pattern LIMIT_LINE =
            Pattern.compile("Max open files\\s+(\\d+|unlimited)\\s+(\\d+|unlimited)\\s+files\\s*");

    /** From the text of {@code /proc/PID/limits}. */
    public static Optional<OpenFiles> parseLimits(Iterable<String> lines) {
        for (String line : lines) {
            Matcher m = LIMIT_LINE.matcher(line);
            if (m.matches()) {
                return Optional.of(new OpenFiles(value(m.group(1)), value(m.group(2))));
            }
        }
        return Optional.empty();
    }

    private static long value(String text) {
        return text.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(text);
    }
}
