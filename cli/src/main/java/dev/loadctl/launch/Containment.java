package dev.loadctl.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Everything one target started, and how all of it is stopped: the server, its workers, and what left the
 * process tree (a daemon that double-forked and called setsid, a grandchild that ignores SIGTERM).
 *
 * <p>With a {@link Cgroup} (cgroup v2 and the right to write it, as root): the target is spawned through a
 * tiny shell that waits for one line on its stdin, loadctl moves that shell into the cgroup and only then
 * lets it exec the server, so nothing the server starts is ever outside. Stopping sends SIGTERM to every
 * process in the cgroup, kills the cgroup after the grace period, and removes it. A watchdog shell, outside
 * the cgroup, holds a pipe from loadctl: if loadctl dies (even by SIGKILL) the pipe closes and the watchdog
 * stops the cgroup the same way.
 *
 * <p>Without one: the target's processes are its process tree, every process whose environment carries the
 * target's own {@code LOADCTL_TARGET=<pid>-<n>} (inherited by daemons too), and whatever holds its port.
 * They get SIGTERM, then SIGKILL after the grace period; what survives is named. If loadctl itself is
 * killed, only the server's {@code setpriv --pdeathsig} (a profile's) or its stdin (the bundled one) ends it.
 */
final class Containment {

    /** Names the target's processes in their environment, for machines without a cgroup. */
    static final String VARIABLE = "LOADCTL_TARGET";
    /** {@code LOADCTL_CGROUP=off} contains targets without a cgroup even where one could be made. */
    static final String SWITCH = "LOADCTL_CGROUP";
    /** Reads one line (sent once the shell is in the cgroup), then becomes the server: same pid, same stdin. */
    private static final List<String> WRAPPER = List.of("/bin/sh", "-c", "read -r go && exec \"$@\"", "loadctl-target");
    /**
     * Outside the cgroup, waiting on a pipe from loadctl: a line means loadctl stopped the target itself;
     * end of file means loadctl is gone, so it stops the cgroup as loadctl would have. Ctrl-C and a closed
     * terminal reach it too (same process group): it ignores them and waits for loadctl's word or death.
     */
    private static final String WATCHDOG = """
            trap '' INT HUP
            read -r done && exit 0
            procs="$1/cgroup.procs"
            kill -TERM $(cat "$procs") 2>/dev/null
            i=0
            while [ -n "$(cat "$procs" 2>/dev/null)" ] && [ $i -lt "$2" ]; do sleep 0.1; i=$((i+1)); done
            echo 1 > "$1/cgroup.kill" 2>/dev/null || kill -KILL $(cat "$procs") 2>/dev/null
            i=0
            while [ -n "$(cat "$procs" 2>/dev/null)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
            rmdir "$1" 2>/dev/null
            """;
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration REAP_WAIT = Duration.ofSeconds(2);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String token;
    private final String variable;
    private final int port;
    private final Duration grace;
    private volatile Cgroup cgroup;
    private Process watchdog;
    private Process root;

    private Containment(Cgroup cgroup, int port, Duration grace) {
        this.cgroup = cgroup;
        this.port = port;
        this.grace = grace;
        this.token = ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
        this.variable = VARIABLE + "=" + token;
    }

    /**
     * @param port           the target's port (what still holds it is stopped too, without a cgroup); -1 for none
     * @param cgroupAllowed  false: contain it without a cgroup even where one could be made
     * @param grace          how long SIGTERM has before SIGKILL
     */
    static Containment prepare(int port, boolean cgroupAllowed, Duration grace) {
        Optional<Cgroup> cgroup = cgroupAllowed && Files.isExecutable(Path.of(WRAPPER.get(0)))
                ? Cgroup.create() : Optional.empty();
        return new Containment(cgroup.orElse(null), port, grace);
    }

    /** Whether this machine's default is a cgroup ({@code LOADCTL_CGROUP=off} says no). */
    static boolean cgroupsWanted() {
        return !"off".equalsIgnoreCase(System.getenv(SWITCH));
    }

    /** The command to spawn: the server's, behind the waiting shell when it goes into a cgroup. */
    List<String> command(List<String> server) {
        if (cgroup == null) {
            return server;
        }
        List<String> command = new ArrayList<>(WRAPPER);
        command.addAll(server);
        return command;
    }

    /** Variables to add to the server's environment. */
    Map<String, String> environment() {
        return Map.of(VARIABLE, token);
    }

    /** Right after the spawn: moves the process into the cgroup, then lets it become the server. */
    void started(Process process) {
        root = process;
        Cgroup group = cgroup;
        if (group == null) {
            return;
        }
        boolean moved = group.add(process.pid());
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write('\n');
            stdin.flush();
        } catch (IOException gone) {
            // The shell died before its go: the target fails to start, and says why.
        }
        if (!moved) {
            group.remove();
            cgroup = null;
            return;
        }
        watchdog = startWatchdog(group);
    }

    /** The spawn failed: nothing to stop, only the cgroup to remove. */
    void discard() {
        Cgroup group = cgroup;
        if (group != null) {
            group.remove();
        }
    }

    /** "cgroup /sys/fs/cgroup/loadctl-123-1", or how the processes are found without one. */
    String describe() {
        Cgroup group = cgroup;
        return group != null ? "cgroup " + group : "process tree, " + VARIABLE + " and port";
    }

    /** Whether the server or anything it started still runs. */
    boolean anyAlive() {
        Cgroup group = cgroup;
        if (root != null && root.isAlive()) {
            return true;
        }
        return group != null ? group.populated() : !settledMembers().isEmpty();
    }

    /** The server and every process it started that runs now. */
    List<Long> pids() {
        Cgroup group = cgroup;
        List<Long> pids = new ArrayList<>();
        if (root != null && root.isAlive()) {
            pids.add(root.pid());
        }
        Stream<Long> others = group != null ? group.pids().stream() : members().keySet().stream();
        others.filter(pid -> !pids.contains(pid)).forEach(pids::add);
        return pids;
    }

    /**
     * SIGTERM to everything the target started, SIGKILL after the grace period to what is left. Returns
     * what could not be stopped, each as "pid N (command)"; empty when all of it has gone.
     */
    List<String> stop() {
        Cgroup group = cgroup;
        List<String> left = group != null ? stopCgroup(group) : stopFound();
        tellWatchdog();
        return left;
    }

    private List<String> stopCgroup(Cgroup group) {
        List<ProcessHandle> signalled = group.pids().stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
        signalled.forEach(ProcessHandle::destroy);
        if (!group.awaitEmpty(grace)) {
            group.killUntilEmpty(KILL_WAIT);
        }
        awaitReaped(signalled);
        List<String> left = new ArrayList<>(group.pids().stream().map(ProcScan::describe).toList());
        if (!group.remove() && left.isEmpty()) {
            left.add("cgroup " + group + " (it could not be removed)");
        }
        return left;
    }

    private List<String> stopFound() {
        Map<Long, ProcessHandle> found = settledMembers();
        List<ProcessHandle> signalled = new ArrayList<>(found.values());
        signalled.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!found.isEmpty() && System.nanoTime() < deadline && Cgroup.pause()) {
            found = settledMembers();
        }
        long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (!found.isEmpty()) {
            found.values().forEach(ProcessHandle::destroyForcibly);
            signalled.addAll(found.values());
            if (System.nanoTime() > killDeadline || !Cgroup.pause()) {
                break;
            }
            found = settledMembers();
        }
        awaitReaped(signalled);
        return found.values().stream().filter(ProcessHandle::isAlive).map(handle -> ProcScan.describe(handle.pid()))
                .toList();
    }

    /**
     * The members, looked for twice when none is found: a scan of /proc can miss a daemon being born (its
     * parent exits after the listing reached it, the child appears behind the listing).
     */
    private Map<Long, ProcessHandle> settledMembers() {
        Map<Long, ProcessHandle> found = members();
        return found.isEmpty() && Cgroup.pause() ? members() : found;
    }

    /**
     * A killed process stays a zombie until its parent (often init, for a daemon) reaps it; it holds no port
     * any more, but waiting a little lets "stopped" mean gone for whoever looks next.
     */
    private static void awaitReaped(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + REAP_WAIT.toNanos();
        for (ProcessHandle process : processes) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (!Cgroup.pause()) {
                    return;
                }
            }
        }
    }

    /**
     * Without a cgroup: the server, its descendants, whatever carries the target's variable, and whatever
     * holds its port. Handles, not pids: a handle knows its process's start time, so a pid reused meanwhile
     * is never signalled.
     */
    private Map<Long, ProcessHandle> members() {
        Map<Long, ProcessHandle> members = new LinkedHashMap<>();
        if (root != null && root.isAlive()) {
            members.put(root.pid(), root.toHandle());
            root.descendants().forEach(handle -> members.put(handle.pid(), handle));
        }
        Stream.concat(ProcScan.withEnvironment(variable).stream(),
                        port > 0 ? ProcScan.holdingPort(port).stream() : Stream.empty())
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(handle -> {
                    members.putIfAbsent(pid, handle);
                    handle.descendants().forEach(child -> members.putIfAbsent(child.pid(), child));
                }));
        members.values().removeIf(handle -> !handle.isAlive());
        return members;
    }

    private Process startWatchdog(Cgroup group) {
        long tenths = Math.max(1, grace.toMillis() / 100);
        try {
            return new ProcessBuilder("/bin/sh", "-c", WATCHDOG, "loadctl-watchdog", group.dir().toString(),
                    Long.toString(tenths)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            // Without it, a target left by a killed loadctl is stopped by the next loadctl (Cgroup.stopLeftovers).
            return null;
        }
    }

    private void tellWatchdog() {
        if (watchdog == null) {
            return;
        }
        try (OutputStream stdin = watchdog.getOutputStream()) {
            stdin.write("stopped\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            // It is gone already.
        }
    }
}
