package dev.loadctl.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cgroup v2 folder, {@code loadctl-<loadctl's pid>-<n>}, that holds one target and everything it starts:
 * a process cannot leave its cgroup by forking, setsid or daemonizing, so killing the cgroup stops all of it.
 * Made under the cgroup2 mount's root or, when that is not writable, under loadctl's own cgroup; where
 * neither can be written (no cgroup v2, not root, no delegation) there is none and {@link Containment}
 * finds the target's processes another way.
 */
final class Cgroup {

    static final String PREFIX = "loadctl-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(50);
    private static volatile List<Path> parents;

    private final Path dir;

    private Cgroup(Path dir) {
        this.dir = dir;
    }

    /** A new, empty cgroup for one target; empty when this machine does not let loadctl make one. */
    static Optional<Cgroup> create() {
        for (Path parent : parents()) {
            Path dir = parent.resolve(PREFIX + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet());
            try {
                Files.createDirectory(dir);
            } catch (IOException | SecurityException notHere) {
                continue;
            }
            if (Files.isRegularFile(dir.resolve("cgroup.procs"))) {
                return Optional.of(new Cgroup(dir));
            }
            new Cgroup(dir).remove();
        }
        return Optional.empty();
    }

    Path dir() {
        return dir;
    }

    /** Moves a process in; false when the kernel refuses (permissions, a controller's rules). */
    boolean add(long pid) {
        try {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid), StandardOpenOption.WRITE);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // Removed already: nothing in it.
        }
        return pids;
    }

    /** Whether any process is in it (or in a cgroup the target made below it). */
    boolean populated() {
        try {
            return Files.readAllLines(dir.resolve("cgroup.events")).contains("populated 1");
        } catch (IOException e) {
            return !pids().isEmpty();
        }
    }

    /** SIGKILL to everything in it at once ({@code cgroup.kill}, Linux 5.14), else to each process it lists. */
    void kill() {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Files.writeString(kill, "1", StandardOpenOption.WRITE);
                return;
            } catch (IOException | SecurityException e) {
                // Fall back to one process at a time.
            }
        }
        pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Waits until no process is in it; false if some still are after {@code limit}. */
    boolean awaitEmpty(Duration limit) {
        return awaitEmpty(limit, false);
    }

    /** Kills everything in it, again while any process is left, until it is empty or {@code limit} passed. */
    boolean killUntilEmpty(Duration limit) {
        kill();
        return awaitEmpty(limit, true);
    }

    private boolean awaitEmpty(Duration limit, boolean killing) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (populated()) {
            if (System.nanoTime() > deadline || !pause()) {
                return !populated();
            }
            if (killing) {
                kill(); // without cgroup.kill, a process forked between two kills is caught by the next
            }
        }
        return true;
    }

    /** Removes the (empty) folder; false if the kernel keeps it (still populated). */
    boolean remove() {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Stops what a loadctl that is no longer running left in its cgroups (it was killed with SIGKILL, and so
     * was its watchdog): every {@code loadctl-<pid>-<n>} whose pid is not running is killed and removed.
     * Returns one line per cgroup that still had processes, naming them.
     */
    static List<String> stopLeftovers() {
        List<String> stopped = new ArrayList<>();
        for (Path parent : parents()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
                for (Path entry : entries) {
                    Matcher name = NAME.matcher(entry.getFileName().toString());
                    if (!name.matches() || !Files.isDirectory(entry)
                            || ProcessHandle.of(Long.parseLong(name.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    Cgroup left = new Cgroup(entry);
                    List<String> processes = left.pids().stream().map(ProcScan::describe).toList();
                    boolean empty = left.killUntilEmpty(Duration.ofSeconds(2));
                    left.remove();
                    if (!processes.isEmpty()) {
                        stopped.add((empty ? "stopped " : "could not stop all of ") + String.join(", ", processes)
                                + ", left running by loadctl pid " + name.group(1) + ", which was killed (cgroup "
                                + entry + ")");
                    }
                }
            } catch (IOException | SecurityException | NumberFormatException unreadable) {
                // Not ours to tidy.
            }
        }
        return stopped;
    }

    /** Where loadctl may make cgroups, best first; found once. */
    static List<Path> parents() {
        List<Path> found = parents;
        if (found == null) {
            found = findParents(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
            parents = found;
        }
        return found;
    }

    /**
     * The cgroup2 mount (from {@code mountinfo}: the field after " - " is the file system type; the fifth is
     * the mount point) and loadctl's own cgroup below it ({@code /proc/self/cgroup}'s {@code 0::/path} line),
     * those that exist.
     */
    static List<Path> findParents(Path mountinfo, Path ownCgroup) {
        Set<Path> parents = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                int separator = line.indexOf(" - ");
                String[] fields = line.split(" ");
                if (separator < 0 || fields.length < 5 || !line.substring(separator + 3).startsWith("cgroup2 ")) {
                    continue;
                }
                Path mount = Path.of(unescape(fields[4]));
                parents.add(mount);
                for (String own : Files.readAllLines(ownCgroup, StandardCharsets.UTF_8)) {
                    if (own.startsWith("0::/") && own.length() > 4) {
                        parents.add(mount.resolve(own.substring(4)));
                    }
                }
                break;
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return parents.stream().filter(Files::isDirectory).toList();
    }

    /** mountinfo writes a space, tab, newline or backslash in a path as an octal escape ({@code \040}). */
    private static String unescape(String field) {
        Matcher octal = Pattern.compile("\\\\([0-7]{3})").matcher(field);
        StringBuilder out = new StringBuilder();
        while (octal.find()) {
            octal.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(octal.group(1), 8))));
        }
        return octal.appendTail(out).toString();
    }

    /** Sleeps one poll interval (50 ms); false when interrupted, so that waits end at once. */
    static boolean pause() {
        try {
            Thread.sleep(POLL.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
