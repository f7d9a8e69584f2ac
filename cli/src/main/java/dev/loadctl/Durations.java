package dev.loadctl;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users and wrk write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1.5s}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new LoadctlException(ExitCode.USAGE, "bad duration '" + text
                    + "': write a number with a unit, ms, s, m or h (for example 500ms, 30s, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** The shortest exact form wrk accepts (wrk takes whole numbers with s, m or h; ms is rounded up to 1s). */
    public static String forWrk(Duration duration) {
        long seconds = Math.max(1, (long) Math.ceil(duration.toMillis() / 1000.0));
        return seconds + "s";
    }
}
