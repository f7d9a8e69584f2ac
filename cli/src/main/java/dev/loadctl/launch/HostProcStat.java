package dev.loadctl.launch;

import java.util.List;

/**
 * One reading of a server's processes on its host: their {@code /proc/PID/stat} lines and when, on the host's
 * own clock, so that two readings give its CPU over the time between them as the host counted it.
 *
 * @param uptimeNanos the host's {@code /proc/uptime} when it was read (10 ms resolution)
 */
public record HostProcStat(long uptimeNanos, List<String> statLines) {

    public HostProcStat {
        statLines = List.copyOf(statLines);
    }
}
