package dev.loadctl.server;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.xnio.XnioIoThread;

/**
 * Turns XNIO's "Socket accept failed" warnings into at most one line a second on stderr: the first failure, then
 * how many failed since the last line, then one line when connections are accepted again.
 *
 * <p>Why: when the process runs out of open files, every accept fails until connections close. XNIO then waits
 * 250 ms, 1 s, 4 s... before it retries, and a successful accept resets that wait, so a server that stays near
 * the limit under a churn of connections fails up to four times a second, each a log line. Those lines also went
 * nowhere: the first one made java.util.logging format a date, which reads a time-zone file, which needs a free
 * file descriptor (see {@link ServerStarter#loadTimeZoneData()}). These lines are written straight to stderr.
 *
 * <p>How: failures are counted as XNIO reports them on its accept thread, and that thread's timer writes what is
 * due once the second since the last line has passed, so a count is never left unreported.
 */
final class AcceptFailures implements Filter {

    /** XNIO's message id for a failed accept (org.xnio.nio.Log.acceptFailed), stable across 3.x. */
    static final String XNIO_ACCEPT_FAILED = "XNIO008001";
    private static final long LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream err;
    /** Read on every accepted connection, so that the common case takes no lock. */
    private volatile boolean failing;
    private boolean acceptedSinceFailure;
    private long firstFailureNanos;
    private long lastFailureNanos;
    private long lastLineNanos;
    private int failures;
    private int unreported;
    private String reason = "";
    /** When the pending report runs; 0 when none is pending. */
    private long reportDueNanos;

    AcceptFailures(PrintStream err) {
        this.err = err;
        this.lastLineNanos = System.nanoTime() - LINE_INTERVAL_NANOS;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.startsWith(XNIO_ACCEPT_FAILED)) {
            return true;
        }
        failed(reasonIn(message));
        return false;
    }

    /** "XNIO008001: Socket accept failed, backing off for 250 milliseconds: java.io.IOException: Too many..." */
    private static String reasonIn(String message) {
        int lastColon = message.lastIndexOf(": ");
        return lastColon < 0 ? message : message.substring(lastColon + 2);
    }

    /** On XNIO's accept thread, after a failed accept. */
    synchronized void failed(String why) {
        long nowNanos = System.nanoTime();
        if (!failing) {
            failing = true;
            failures = 0;
            firstFailureNanos = nowNanos;
        }
        failures++;
        unreported++;
        acceptedSinceFailure = false;
        lastFailureNanos = nowNanos;
        reason = why;
        report();
    }

    /** For every accepted connection, on its IO thread. */
    void accepted() {
        if (failing) {
            acceptedWhileFailing();
        }
    }

    private synchronized void acceptedWhileFailing() {
        long nowNanos = System.nanoTime();
        if (failing && !acceptedSinceFailure) {
            acceptedSinceFailure = true;
            reportAt(Math.max(lastFailureNanos + LINE_INTERVAL_NANOS, nowNanos), nowNanos);
        }
    }

    private synchronized void reportFromTimer() {
        reportDueNanos = 0;
        report();
    }

    /**
     * Writes what is due, or arranges to come back when it will be. Every run it arranges lies in the future, and
     * none while nothing can change before the next failure or accept, so the timer never spins. The clock is
     * read here, under the lock, so that the lines' time stamps are a second apart too.
     */
    private void report() {
        if (!failing) {
            return;
        }
        long nowNanos = System.nanoTime();
        if (nowNanos - lastLineNanos < LINE_INTERVAL_NANOS) {
            reportAt(lastLineNanos + LINE_INTERVAL_NANOS, nowNanos);
        } else if (unreported == failures) {
            line("cannot accept connections: " + reason + " (" + OpenFiles.describeLimit() + "); new connections "
                    + "wait in the listen backlog and accepting is retried; further failures are counted, one line "
                    + "a second at most", nowNanos);
        } else if (unreported > 0) {
            line("cannot accept connections: " + reason + ": " + unreported
                    + (unreported == 1 ? " failure" : " failures") + " in the last "
                    + seconds(nowNanos - lastLineNanos), nowNanos);
        } else if (acceptedSinceFailure && nowNanos - lastFailureNanos >= LINE_INTERVAL_NANOS) {
            failing = false;
            line("accepting connections again after " + failures + " failed accepts in "
                    + seconds(lastFailureNanos - firstFailureNanos), nowNanos);
        } else if (acceptedSinceFailure) {
            reportAt(lastFailureNanos + LINE_INTERVAL_NANOS, nowNanos);
        }
        // Otherwise nothing has been accepted since the last failure: the next accept or failure reports.
    }

    private void line(String text, long nowNanos) {
        // Instant.toString needs no time-zone data; the whole line is one write, so lines never interleave.
        err.println(TargetServer.NAME + ": " + Instant.now() + " " + text);
        err.flush();
        unreported = 0;
        lastLineNanos = nowNanos;
        if (failing) {
            reportAt(nowNanos + LINE_INTERVAL_NANOS, nowNanos);
        }
    }

    /**
     * Runs {@link #report} at {@code dueNanos}, at least a millisecond from now, on the current XNIO thread's
     * timer (the accept thread after a failure, an IO thread after an accept). One run is pending at a time; one
     * whose thread has stopped since (its server closed) is given up a second after it was due.
     */
    private void reportAt(long dueNanos, long nowNanos) {
        if (reportDueNanos != 0 && nowNanos - reportDueNanos < LINE_INTERVAL_NANOS) {
            return;
        }
        XnioIoThread thread = XnioIoThread.currentThread();
        if (thread == null) {
            return; // not on an XNIO thread: the next failure or accept reports
        }
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(dueNanos - nowNanos + 999_999));
        reportDueNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(millis);
        thread.executeAfter(this::reportFromTimer, millis, TimeUnit.MILLISECONDS);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
