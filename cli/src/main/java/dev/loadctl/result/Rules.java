package dev.loadctl.result;

/**
 * The rules loadctl judges measurements by, each stated once. The sweep's point warnings, the report's
 * verdict and the one-line verdict of {@code loadctl run} and {@code parse} all apply these, so that two
 * of them can never judge the same numbers differently. Documented in docs/report.md ("Verdict").
 */
public final class Rules {

    /**
     * The SLA's error limit: a point serves the target only when at most this share of attempts was not a
     * timely 2xx. Above it, a run is unhealthy and a sweep's point gets a warning.
     */
    public static final double MAX_ERROR_RATE = 0.001;

    /**
     * CPU counts as full at this share of the cores available: two readings of /proc over a window never
     * show a busy core at exactly 1.0, and a program this close to the limit is already waiting for CPU.
     */
    public static final double CPU_FULL_SHARE = 0.9;

    private Rules() {
    }

    /**
     * Little's law: each request holds its connection for the handler's delay, so no server can finish
     * more than connections ÷ delay requests per second; unbounded when there is no delay.
     */
    public static double littlesLawCeilingPerSecond(int connections, double delayMs) {
        return delayMs <= 0 ? Double.POSITIVE_INFINITY : connections / (delayMs / 1000.0);
    }

    /** Little's law turned around: the fewest connections whose ceiling reaches {@code targetRps}. */
    public static long connectionsFor(double targetRps, double delayMs) {
        // A product that is whole on paper can come out a hair above it in binary, and must not round up.
        return (long) Math.ceil(targetRps * delayMs / 1000.0 - 1e-9);
    }

    /** Goodput ÷ the Little's-law ceiling, 0..1; null when goodput is unknown or the ceiling is not a number above 0. */
    public static Double efficiency(Double goodputPerSecond, double ceilingPerSecond) {
        if (goodputPerSecond == null || !(ceilingPerSecond > 0) || Double.isInfinite(ceilingPerSecond)) {
            return null;
        }
        return goodputPerSecond / ceilingPerSecond;
    }

    /** Whether {@code usedCores} fill {@code availableCores} (see {@link #CPU_FULL_SHARE}). */
    public static boolean isCpuFull(double usedCores, double availableCores) {
        return usedCores >= CPU_FULL_SHARE * availableCores;
    }

    /**
     * wrk is saturated when it fills the cores it can use: one per thread, at most the machine's. Its
     * throughput is then a lower bound on what the server can do.
     */
    public static boolean isWrkSaturated(double wrkCores, int wrkThreads, int machineCores) {
        return isCpuFull(wrkCores, Math.min(wrkThreads, machineCores));
    }

    /**
     * The server and wrk together fill the machine: they compete for it, so the figures measure the
     * shared machine as much as the server. False when any figure is unknown.
     */
    public static boolean isMachineCpuFull(Double serverCores, Double wrkCores, Integer machineCores) {
        return serverCores != null && wrkCores != null && machineCores != null
                && isCpuFull(serverCores + wrkCores, machineCores);
    }

    /**
     * What wrk tried: completed responses of any status (timeouts included) and connections that failed to
     * open, read or write. The error rate is over these, so a server that refuses connections cannot look
     * healthy by the few responses it gave.
     */
    public static long attempts(long responses, WrkResult.SocketErrors errors) {
        return responses + errors.connect() + errors.read() + errors.write();
    }

    /** The share of attempts that were not a timely 2xx, 0..1; 1 when nothing was attempted. */
    public static double errorRate(long timely2xx, long attempts) {
        return Math.min(1.0, Math.max(0.0, 1.0 - (double) timely2xx / Math.max(1, attempts)));
    }

    /** At most {@link #MAX_ERROR_RATE} of the attempts failed. */
    public static boolean isWithinErrorLimit(double errorRate) {
        return errorRate <= MAX_ERROR_RATE;
    }

    /**
     * Responses came back and not one was a timely 2xx: the origin's case, which wrk's Requests/sec hides.
     * A run with no responses at all is not this case but a plain failure (its error rate is 1).
     */
    public static boolean isEveryResponseAnError(long responses, double goodputPerSecond) {
        return responses > 0 && goodputPerSecond == 0;
    }

    /** p99 latency above the SLA. */
    public static boolean isOverSla(double latencyP99Ms, double slaP99Ms) {
        return latencyP99Ms > slaP99Ms;
    }

    /**
     * A point serves the target: enough goodput, p99 within the SLA, and errors within the limit. An
     * unknown figure never meets it.
     */
    public static boolean meetsTarget(Double goodputPerSecond, Double latencyP99Ms, Double errorRate,
                                      double targetRps, double slaP99Ms) {
        return goodputPerSecond != null && goodputPerSecond >= targetRps
                && latencyP99Ms != null && !isOverSla(latencyP99Ms, slaP99Ms)
                && errorRate != null && isWithinErrorLimit(errorRate);
    }
}
