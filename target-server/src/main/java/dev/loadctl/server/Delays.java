package dev.loadctl.server;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --delay} forms: {@code 200ms}, {@code 0.2s}, or a bare number of milliseconds. The server cannot use
 * the cli's duration parser (it must not depend on the cli), and it needs whole milliseconds: XNIO's timer
 * counts in them.
 */
public final class Delays {

    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)?");

    private Delays() {
    }

    /** Parses a delay into whole milliseconds, or explains in one line what to write instead. */
    public static long parseMillis(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DELAY.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad delay '" + text
                    + "': write milliseconds (200 or 200ms) or seconds (0.2s)");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal millis = "s".equals(m.group(2)) ? amount.movePointRight(3) : amount;
        try {
            return millis.longValueExact();
        } catch (ArithmeticException notWhole) {
            throw new IllegalArgumentException("bad delay '" + text
                    + "': the timer counts whole milliseconds, so write e.g. 200ms or 0.25s");
        }
    }

    /** The form the ready line and /stats print: {@code 200ms}. */
    public static String format(long millis) {
        return millis + "ms";
    }
}
