package dev.loadctl.launch;

import java.time.Duration;
import java.util.List;

/**
 * A started target server, on this machine ({@link TargetProcess}) or on a server host over ssh
 * ({@link RemoteTarget}): the engine starts it, waits until it answers, reads its CPU and latency window
 * around each run, and stops it, the same way wherever it runs.
 */
public interface RunningTarget extends AutoCloseable {

    /**
     * Polls the ready URL until any HTTP response comes back, then the load URL until a 2xx (the first 2xx),
     * both timed from the spawn; throws, with the server's last output, when it exits first or {@code limit}
     * passes before it is ready.
     */
    StartUp awaitReady(Duration limit);

    /** What {@link #awaitReady} measured; null before it returned. */
    StartUp startUp();

    /** Ends the server's latency window and starts the next; null without a stats URL or an answer in time. */
    ServerWindow readStatsWindow(Duration timeout);

    /** Whether the server, or what it started, still runs. */
    boolean isAlive();

    /** Its last lines of output, for error messages. */
    List<String> lastOutput();

    /** This machine's processes of the server, whose CPU /proc gives here; empty when it runs elsewhere. */
    List<Long> processTree();

    /** The server's processes' {@code /proc/PID/stat} lines, read on its host; null when it runs here. */
    default HostProcStat hostProcStat(Duration timeout) {
        return null;
    }

    /** Whether it runs on another host: its port there is not this machine's to check. */
    default boolean remote() {
        return false;
    }

    /** After {@link #close()}: what could not be stopped; empty when nothing. */
    List<String> leftRunning();

    /** Stops it: SIGTERM, then SIGKILL after a grace. Safe to call twice and from another thread (Ctrl-C). */
    @Override
    void close();
}
