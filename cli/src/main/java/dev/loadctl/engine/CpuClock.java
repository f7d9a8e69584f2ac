package dev.loadctl.engine;

import dev.loadctl.launch.HostProcStat;
import dev.loadctl.preflight.ProcFs;
import dev.loadctl.result.Rules;
import dev.loadctl.result.WrkResult.CpuUsage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU used during a measured window, from two readings of {@code /proc}: one when wrk starts, one when it
 * has exited. Nothing polls in between, so loadctl's own cost stays near zero.
 *
 * <ul>
 *   <li>Server: utime+stime of {@code /proc/PID/stat} for the server and each of its child processes
 *       (that file already sums all threads of a process, so {@code task/*} need not be read).</li>
 *   <li>wrk: once loadctl has reaped it, the kernel adds wrk's whole utime+stime to loadctl's
 *       cutime+cstime; the change of those over the window is wrk's CPU, connect and exit included.
 *       wrk is the only child loadctl reaps during a window.</li>
 *   <li>loadctl: utime+stime of {@code /proc/self/stat}.</li>
 * </ul>
 */
public final class CpuClock {

    /** USER_HZ, the unit of /proc/PID/stat times: 100 on every mainstream Linux ABI. */
    static final double TICKS_PER_SECOND = 100.0;

    private final ProcFs fs;

    public CpuClock(ProcFs fs) {
        this.fs = fs;
    }

    /**
     * CPU times at one moment. Ticks are utime+stime; childTicks is cutime+cstime of loadctl. serverNanos is
     * when the server's ticks were read, on the clock of the machine it runs on.
     */
    public record Reading(long nanos, Map<Long, Long> serverTicks, long selfTicks, long childTicks,
                          long serverNanos) {

        public Reading(long nanos, Map<Long, Long> serverTicks, long selfTicks, long childTicks) {
            this(nanos, serverTicks, selfTicks, childTicks, nanos);
        }

        /** This reading without the server's ticks: its CPU is then unknown. */
        public Reading withoutServer() {
            return new Reading(nanos, Map.of(), selfTicks, childTicks, serverNanos);
        }
    }

    public Reading read(List<Long> serverPids) {
        Map<Long, Long> server = new HashMap<>();
        for (long pid : serverPids) {
            ticks("proc/" + pid + "/stat", 0).ifPresent(ticks -> server.put(pid, ticks));
        }
        return new Reading(System.nanoTime(), server, ticks("proc/self/stat", 0).orElse(0L),
                ticks("proc/self/stat", 2).orElse(0L));
    }

    /**
     * As {@link #read(List)}, with the server's ticks from its host's /proc when it runs on one ({@code remote}
     * not null), timed by that host's uptime; a remote reading that failed (null) leaves the server's CPU unknown.
     */
    public Reading read(List<Long> serverPids, HostProcStat remote) {
        Reading here = read(serverPids);
        if (remote == null) {
            return here;
        }
        Map<Long, Long> server = new HashMap<>();
        for (String stat : remote.statLines()) {
            try {
                long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                ticksOf(stat, 0).ifPresent(ticks -> server.put(pid, ticks));
            } catch (RuntimeException notAStatLine) {
                // A line that is not a stat line (a process's name with a new line in it) counts for nothing.
            }
        }
        return new Reading(here.nanos(), server, here.selfTicks(), here.childTicks(), remote.uptimeNanos());
    }

    /** Cores used between two readings (1.0 = one core busy all the time). */
    public static CpuUsage between(Reading start, Reading end, int wrkThreads, int machineCores) {
        double seconds = Math.max(1e-3, (end.nanos() - start.nanos()) / 1e9);
        double serverSeconds = Math.max(1e-3, (end.serverNanos() - start.serverNanos()) / 1e9);
        long serverTicks = 0;
        for (Map.Entry<Long, Long> process : end.serverTicks().entrySet()) {
            // A process born during the window counts from zero.
            serverTicks += Math.max(0, process.getValue() - start.serverTicks().getOrDefault(process.getKey(), 0L));
        }
        Double serverCores = end.serverTicks().isEmpty() ? null : cores(serverTicks, serverSeconds);
        double wrkCores = cores(end.childTicks() - start.childTicks(), seconds);
        double loadctlCores = cores(end.selfTicks() - start.selfTicks(), seconds);
        return new CpuUsage(serverCores, wrkCores, loadctlCores, wrkThreads, machineCores,
                Rules.isWrkSaturated(wrkCores, wrkThreads, machineCores));
    }

    private static double cores(long ticks, double seconds) {
        return Math.round(Math.max(0, ticks) / TICKS_PER_SECOND / seconds * 1000) / 1000.0;
    }

    /**
     * utime+stime ({@code pair}=0) or cutime+cstime ({@code pair}=2) from a stat file. The command name
     * in parentheses may hold spaces, so fields are counted after its closing parenthesis.
     */
    private Optional<Long> ticks(String statFile, int pair) {
        return fs.read(statFile).flatMap(stat -> ticksOf(stat, pair));
    }

    private static Optional<Long> ticksOf(String stat, int pair) {
        try {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After ")": state is field 3, so utime (14) is index 11, stime 12, cutime 13, cstime 14.
            return Optional.of(Long.parseLong(fields[11 + pair]) + Long.parseLong(fields[12 + pair]));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
