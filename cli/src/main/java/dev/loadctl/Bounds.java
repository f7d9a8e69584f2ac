package dev.loadctl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The values loadctl accepts, in one place, so that every front end refuses the same ones (exit 2) before
 * anything starts or is written; the options' --help and docs/sweep.md state the same bounds. Beyond them
 * a value is not a measurement loadctl can honestly make: a duration wrk would run for centuries, a thread
 * count the bundled server refuses, a delay of zero (an infinite Little's-law ceiling), a target that is
 * not a number.
 */
public final class Bounds {

    /** Server threads and wrk's -t: the bundled server's IO threads go up to this, and so does any sane -t. */
    public static final int MAX_THREADS = 4096;
    /** wrk's -c; far beyond the 64,512 one source address can hold to one port, which preflight checks. */
    public static final int MAX_CONNECTIONS = 10_000_000;
    /** A measured run or a warm-up. */
    public static final Duration MAX_RUN = Duration.ofHours(24);
    /** wrk's --timeout, the SLA, the handler delay, the ready timeout. */
    public static final Duration MAX_WAIT = Duration.ofHours(1);
    public static final double MAX_TARGET_RPS = 1e9;

    private Bounds() {
    }

    /** Server thread counts: each 1 to {@link #MAX_THREADS}, each once (a count listed twice is the same point). */
    public static List<Integer> threadCounts(String flag, List<Integer> counts) {
        if (counts == null || counts.isEmpty()
                || counts.stream().anyMatch(t -> t == null || t < 1 || t > MAX_THREADS)) {
            throw usage(flag + " must list thread counts of 1 to " + MAX_THREADS + ", got " + join(counts));
        }
        Set<Integer> seen = new HashSet<>();
        for (int count : counts) {
            if (!seen.add(count)) {
                throw usage(flag + " lists " + count + " more than once: each thread count is one point, so list it"
                        + " once");
            }
        }
        return List.copyOf(counts);
    }

    /** One thread count (wrk's -t, a run's server threads): 1 to {@link #MAX_THREADS}. */
    public static int threads(String flag, int threads) {
        return within(flag, threads, 1, MAX_THREADS);
    }

    /** A connection count: 1 to {@link #MAX_CONNECTIONS}. */
    public static int connections(String flag, int connections) {
        return within(flag, connections, 1, MAX_CONNECTIONS);
    }

    /** An integer from {@code min} to {@code max}. */
    public static int within(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage(flag + " must be " + number(min) + " to " + number(max) + ", got " + value);
        }
        return value;
    }

    /** The goodput asked about: a finite number above 0, at most {@link #MAX_TARGET_RPS}. */
    public static double targetRps(String flag, double rps) {
        if (!(rps > 0 && rps <= MAX_TARGET_RPS)) {
            throw usage(flag + " must be a number above 0 and at most 1e9, got " + plain(rps));
        }
        return rps;
    }

    /** A duration as written ({@code 30s}), from {@code min} to {@code max}. */
    public static Duration duration(String flag, String text, Duration min, Duration max) {
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (LoadctlException e) {
            throw usage(flag + ": " + e.getMessage());
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw usage(flag + " must be " + text(min) + " to " + text(max) + ", got " + text);
        }
        return duration;
    }

    /** wrk opens at least one connection per thread: its -t must fit the connections of every point. */
    public static void wrkThreadsFit(String flag, int wrkThreads, List<Integer> connectionCounts) {
        int fewest = connectionCounts.stream().mapToInt(Integer::intValue).min().orElse(wrkThreads);
        if (wrkThreads > fewest) {
            throw usage(String.format(Locale.ROOT, "%s %d is more than the %,d connections of a point: wrk needs at"
                    + " least one connection per thread; pass --connections of %d or more, or fewer %s", flag,
                    wrkThreads, fewest, wrkThreads, flag));
        }
    }

    /** A results folder: an empty path would be the current folder, which no one asks for by typing "". */
    public static Path outDir(String flag, Path dir) {
        if (dir == null || dir.toString().isBlank()) {
            throw usage(flag + " must name a folder, got an empty path");
        }
        return dir;
    }

    /** "1s", "24h", "1ms": how the bounds read in messages and help. */
    static String text(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + "h";
        }
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** 4096 and 10,000,000: grouped where the digits are too many to count at a glance. */
    static String number(long value) {
        return String.format(Locale.ROOT, value >= 10_000 ? "%,d" : "%d", value);
    }

    /** 2e9 as "2000000000", NaN and Infinity as Java writes them. */
    private static String plain(double value) {
        return Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
    }

    private static String join(List<Integer> values) {
        return values == null ? "none" : String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
