package dev.loadctl.server;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts and server-side latency of {@code /ping/} requests. Only {@code /ping/} is counted, so polling
 * {@code /stats} or {@code /health} does not disturb the figures.
 *
 * <p>The hot path (one call when a request arrives, one when its response is sent) takes no lock: LongAdder cells
 * and HdrHistogram's {@link Recorder} are wait-free for writers. The lock is only taken by {@link #snapshot()}.
 */
public final class ServerStats {

    private static final int SIGNIFICANT_DIGITS = 3;
    /** Anything slower than an hour is recorded as an hour rather than thrown away. */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.HOURS.toMicros(1);

    private final LongAdder requestsStarted = new LongAdder();
    private final LongAdder requestsServed = new LongAdder();
    private final Recorder latencyMicros = new Recorder(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram totalLatencyMicros = new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    /**
     * Since the last {@code /stats?reset}: a client marks the start of its measured window with one read and
     * gets the window's figures (warm-up excluded) with the next, while plain reads keep the totals undisturbed.
     */
    private final Histogram windowLatencyMicros = new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    private Histogram recycledInterval;

    /** A {@code /ping/} request has arrived and is now in flight. */
    void requestStarted() {
        requestsStarted.increment();
    }

    /** Its response is being sent, {@code elapsedNanos} after it arrived. */
    void responseSent(long elapsedNanos) {
        long micros = Math.max(1, Math.min(HIGHEST_TRACKABLE_MICROS, elapsedNanos / 1_000));
        latencyMicros.recordValue(micros);
        requestsServed.increment();
    }

    public long requestsInFlight() {
        // Served first: every request counted as served was counted as started before, so the difference is >= 0
        // up to the sums' own raciness, which the clamp absorbs.
        long served = requestsServed.sum();
        return Math.max(0, requestsStarted.sum() - served);
    }

    /** A consistent-enough view for /stats: counts and percentiles since the server started. */
    public Snapshot snapshot() {
        return snapshot(false);
    }

    /**
     * Totals since the server started, and the window since the last reset; {@code resetWindow} starts a new
     * window after this one is read.
     */
    public synchronized Snapshot snapshot(boolean resetWindow) {
        long served = requestsServed.sum();
        long inFlight = Math.max(0, requestsStarted.sum() - served);
        recycledInterval = latencyMicros.getIntervalHistogram(recycledInterval);
        totalLatencyMicros.add(recycledInterval);
        windowLatencyMicros.add(recycledInterval);
        Window window = new Window(windowLatencyMicros.getTotalCount(),
                millis(windowLatencyMicros.getValueAtPercentile(50)),
                millis(windowLatencyMicros.getValueAtPercentile(90)),
                millis(windowLatencyMicros.getValueAtPercentile(99)),
                millis(windowLatencyMicros.getValueAtPercentile(99.9)),
                millis(windowLatencyMicros.getMaxValue()));
        if (resetWindow) {
            windowLatencyMicros.reset();
        }
        return new Snapshot(served, inFlight,
                millis(totalLatencyMicros.getValueAtPercentile(50)),
                millis(totalLatencyMicros.getValueAtPercentile(90)),
                millis(totalLatencyMicros.getValueAtPercentile(99)),
                millis(totalLatencyMicros.getMaxValue()), window);
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }

    /** Server-side figures for /stats; latencies are 0 until a request has been served. */
    public record Snapshot(long requestsServed, long requestsInFlight, double p50Ms, double p90Ms, double p99Ms,
                           double maxMs, Window window) {

        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"requestsServed\":%d,\"requestsInFlight\":%d,"
                            + "\"latencyMs\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                            + "\"window\":{\"requestsServed\":%d,\"latencyMs\":"
                            + "{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p99_9\":%.3f,\"max\":%.3f}}}",
                    requestsServed, requestsInFlight, p50Ms, p90Ms, p99Ms, maxMs,
                    window.requestsServed, window.p50Ms, window.p90Ms, window.p99Ms, window.p99_9Ms, window.maxMs);
        }
    }

    /** {@code /ping/} responses sent since the last {@code /stats?reset}, and their latency; 0s when none. */
    public record Window(long requestsServed, double p50Ms, double p90Ms, double p99Ms, double p99_9Ms,
                         double maxMs) {
    }
}
