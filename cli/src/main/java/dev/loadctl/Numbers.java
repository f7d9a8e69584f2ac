package dev.loadctl;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every number loadctl prints goes through here, formatted with {@link Locale#ROOT}: a German or French
 * default locale must not turn "1,769.57" into "1.769,57" in one format and not in another. The report (text,
 * Markdown, HTML, charts), the consoles of a running sweep, bench or capacity search, and the warnings a run
 * records all use it, so a number reads the same wherever it shows.
 */
public final class Numbers {

    /** Shown where a value was not measured (wrk printed -nan, no CPU samples, ...). */
    public static final String MISSING = "n/a";

    private Numbers() {
    }

    /** A rate's number alone, whole with thousands separators: {@code 20,000} (where a header has the unit). */
    public static String rate(Double perSecond) {
        return perSecond == null ? MISSING : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** Any rate, with its unit: {@code 20,000/s}. */
    public static String perSecond(Double perSecond) {
        return perSecond == null ? MISSING : rate(perSecond) + "/s";
    }

    /**
     * A mean rate with the half-width of its confidence interval where there is one: {@code 23,903 +/- 120/s};
     * {@code 23,903/s} without.
     */
    public static String perSecond(Double mean, Double halfWidth) {
        return mean == null || halfWidth == null ? perSecond(mean) : rate(mean) + " +/- " + perSecond(halfWidth);
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Milliseconds with their unit: {@code 0.41 ms}, {@code 12.5 ms}, {@code 1,210 ms}. */
    public static String millis(Double millis) {
        return millis == null ? MISSING : ms(millis) + " ms";
    }

    /** Milliseconds' number alone, with precision that suits the size: {@code 0.41}, {@code 12.5}, {@code 1,210}. */
    public static String ms(Double millis) {
        if (millis == null) {
            return MISSING;
        }
        double magnitude = Math.abs(millis);
        if (magnitude < 10) {
            return String.format(Locale.ROOT, "%.2f", millis);
        }
        if (magnitude < 100) {
            return String.format(Locale.ROOT, "%.1f", millis);
        }
        return String.format(Locale.ROOT, "%,.0f", millis);
    }

    /**
     * A share (0..1) as a percentage, to two significant digits and never rounded to a bound it has not
     * reached: {@code 0} is 0%, {@code 0.001} 0.10%, {@code 0.0201} 2.0%, {@code 0.9} 90%, {@code 0.9996}
     * 99.96%, not 100%; {@code 0.00001} is under 0.01%.
     */
    public static String percent(Double share) {
        if (share == null) {
            return MISSING;
        }
        double percent = share * 100;
        double magnitude = Math.abs(percent);
        String sign = percent < 0 ? "-" : "";
        if (percent == 0) {
            return "0%";
        }
        if (magnitude < 0.01) {
            return sign + "<0.01%";
        }
        if (magnitude < 99.5 || magnitude >= 100) {
            int decimals = magnitude < 1 ? 2 : magnitude < 10 ? 1 : 0;
            return String.format(Locale.ROOT, "%." + decimals + "f%%", percent);
        }
        String near = String.format(Locale.ROOT, "%.2f", magnitude);
        return sign + (near.equals("100.00") ? ">99.99" : near) + "%";
    }

    /** CPU use in cores (1.00 = one core fully busy). */
    public static String cores(Double cores) {
        return cores == null ? MISSING : String.format(Locale.ROOT, "%.2f", cores);
    }

    public static String ratio(Double ratio) {
        return ratio == null ? MISSING : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** Model parameters (σ, κ) span orders of magnitude: four significant digits. */
    public static String parameter(Double value) {
        return value == null ? MISSING : String.format(Locale.ROOT, "%.4g", value);
    }

    /** Machine-readable form for CSV: no grouping, '.' as decimal point, empty when missing. */
    public static String plain(Double value, int decimals) {
        return value == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** "1 thread", "4 threads". */
    public static String threads(int threads) {
        return threads == 1 ? "1 thread" : threads + " threads";
    }

    /** "1, 2 and 4 threads". */
    public static String threadList(List<Integer> threads) {
        if (threads.size() == 1) {
            return threads(threads.get(0));
        }
        String head = threads.subList(0, threads.size() - 1).stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
        return head + " and " + threads.get(threads.size() - 1) + " threads";
    }
}
