package dev.loadctl.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The process's open-files limit, which bounds the connections it can hold. */
final class OpenFiles {

    /** Where the limit is unknown (not a Unix JVM): Undertow's own setting, which never throttles. */
    static final int UNBOUNDED_CONNECTIONS = 1_000_000;
    /**
     * Files the cap leaves free: a closed connection's descriptor is released only at its IO thread's next select,
     * and the JVM opens files now and then (class files, cgroup statistics). 1/64 of the limit is about 300 at the
     * 20,000 this project's machine has.
     */
    private static final long MIN_RESERVE = 32;
    private static final long RESERVE_DIVISOR = 64;

    private OpenFiles() {
    }

    /** The open-files limit (getrlimit, so no file is needed to ask), or -1 where it is unknown. */
    static long limit() {
        return os() instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    static String describeLimit() {
        long limit = limit();
        return limit < 0 ? "open-files limit unknown" : "open-files limit " + limit + ", see ulimit -n";
    }

    /**
     * How many connections the server may hold so that accepting never runs out of files: the limit, less what is
     * open now and a reserve. Once that many are open the listener stops accepting (new connections wait in the
     * backlog) and starts again as soon as one closes.
     */
    static int connectionCap() {
        if (!(os() instanceof UnixOperatingSystemMXBean unix)) {
            return UNBOUNDED_CONNECTIONS;
        }
        long limit = unix.getMaxFileDescriptorCount();
        long open = unix.getOpenFileDescriptorCount();
        if (limit <= 0 || open < 0) {
            return UNBOUNDED_CONNECTIONS;
        }
        long cap = limit - open - Math.max(MIN_RESERVE, limit / RESERVE_DIVISOR);
        return (int) Math.max(1, Math.min(UNBOUNDED_CONNECTIONS, cap));
    }

    private static OperatingSystemMXBean os() {
        return ManagementFactory.getOperatingSystemMXBean();
    }
}
