package dev.loadctl.wrk;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk's three kinds of printed numbers (src/units.c), read back with decimal arithmetic so that
 * {@code 0.85m} becomes exactly 51000 ms, and without the default locale: wrk always prints a dot.
 */
final class WrkUnits {

    /** A number and its time unit; "ms" and "us" are tried before "m" and "s". */
    static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)");
    /** A number with an optional metric suffix (Req/Sec: 628.30, 0.94k, 2.93k, 1.2M). */
    static final Pattern METRIC = Pattern.compile("(\\d+(?:\\.\\d+)?)([kMGTP]?)");
    /** A number with a 1024-based byte unit (0.00B, 508.22KB, 83.40MB). */
    static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)(B|KB|MB|GB|TB|PB)");

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

    private WrkUnits() {
    }

    /** {@code 414.00us}, {@code 1.06ms}, {@code 1.73s}, {@code 0.85m} in milliseconds; null if not a time. */
    static Double timeMs(String token) {
        Matcher m = TIME.matcher(token);
        return m.matches() ? timeMs(m.group(1), m.group(2)) : null;
    }

    static double timeMs(String number, String unit) {
        BigDecimal value = new BigDecimal(number);
        BigDecimal ms = switch (unit) {
            case "us" -> value.divide(THOUSAND);
            case "ms" -> value;
            case "s" -> value.multiply(THOUSAND);
            case "m" -> value.multiply(BigDecimal.valueOf(60_000));
            default -> value.multiply(BigDecimal.valueOf(3_600_000));
        };
        return ms.doubleValue();
    }

    /**
     * A Thread Stats time cell. wrk prints the Avg cell with {@code %8.8s}, which cuts {@code 1000.00ms}
     * (the us→ms scale stops below 1 s, and 999 995 us rounds up) to {@code 1000.00m}. A latency of
     * 1000 minutes or more cannot come out of wrk's us→s→m formatting any other way in practice, so
     * "m" with 1000 or more is that cut-off millisecond value.
     */
    static double statsCellMs(String number, String unit) {
        if (unit.equals("m") && new BigDecimal(number).compareTo(THOUSAND) >= 0) {
            return timeMs(number, "ms");
        }
        return timeMs(number, unit);
    }

    /**
     * How far a time wrk printed can be from the value it had: half a unit of the last digit
     * ({@code 2.00s}: 5 ms), in milliseconds, with the Thread Stats cell reading of {@link #statsCellMs}.
     */
    static double statsCellHalfDigitMs(String number, String unit) {
        boolean cutMillis = unit.equals("m") && new BigDecimal(number).compareTo(THOUSAND) >= 0;
        return timeMs(halfLastDigit(number), cutMillis ? "ms" : unit);
    }

    /** {@link #statsCellHalfDigitMs} of a whole time token ({@code 2.00s}); null if not a time. */
    static Double timeHalfDigitMs(String token) {
        Matcher m = TIME.matcher(token);
        return m.matches() ? timeMs(halfLastDigit(m.group(1)), m.group(2)) : null;
    }

    /** Half a unit of the last digit of a byte value wrk printed ({@code 20.45MB}: 0.005 MB), in bytes. */
    static Double bytesHalfDigit(String token) {
        Matcher m = BYTES.matcher(token);
        return m.matches() ? bytes(halfLastDigit(m.group(1)) + m.group(2)) : null;
    }

    private static String halfLastDigit(String number) {
        return new BigDecimal(number).ulp().divide(BigDecimal.valueOf(2)).toPlainString();
    }

    static double metric(String number, String suffix) {
        int power = "kMGTP".indexOf(suffix.isEmpty() ? "?" : suffix) + 1;
        return new BigDecimal(number).multiply(THOUSAND.pow(power)).doubleValue();
    }

    /** {@code 35.85MB} in bytes (1024-based); null if not a byte value. */
    static Double bytes(String token) {
        Matcher m = BYTES.matcher(token);
        if (!m.matches()) {
            return null;
        }
        int power = switch (m.group(2)) {
            case "B" -> 0;
            case "KB" -> 1;
            case "MB" -> 2;
            case "GB" -> 3;
            case "TB" -> 4;
            default -> 5;
        };
        return new BigDecimal(m.group(1)).multiply(KIBI.pow(power)).doubleValue();
    }
}
