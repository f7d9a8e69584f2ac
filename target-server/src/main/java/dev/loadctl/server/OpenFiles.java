package dev.loadctl.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The process's open-files limit, which bounds the IO threads and connections it can hold. */
final class OpenFiles {

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

    private static OperatingSystemMXBean os() {
        return ManagementFactory.getOperatingSystemMXBean();
    }
}
