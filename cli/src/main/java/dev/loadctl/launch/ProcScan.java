package dev.loadctl.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code /proc} says about processes a target left, for machines where it cannot have a cgroup: who
 * carries a variable in its environment (inherited across fork, setsid and exec, so it finds daemons that
 * left the process tree), and who holds a TCP port. Processes that vanish or cannot be read are skipped.
 */
final class ProcScan {

    private static final Path PROC = Path.of("/proc");
    private static final int DESCRIPTION_LENGTH = 80;

    private ProcScan() {
    }

    /** Processes whose environment holds exactly {@code entry} ({@code NAME=value}), loadctl itself excluded. */
    static List<Long> withEnvironment(String entry) {
        byte[] wanted = entry.getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            try {
                if (holds(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ")), wanted)) {
                    found.add(pid);
                }
            } catch (IOException | SecurityException gone) {
                // Exited meanwhile, or not ours to read.
            }
        }
        return found;
    }

    /** Processes with a socket whose local port is {@code port} (listening or accepted), loadctl excluded. */
    static List<Long> holdingPort(int port) {
        Set<String> sockets = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    String[] fields = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (fields.length < 10 || !fields[1].contains(":")) {
                        continue;
                    }
                    String localPort = fields[1].substring(fields[1].indexOf(':') + 1);
                    if (localPort.equals(String.format(Locale.ROOT, "%04X", port)) && !fields[9].equals("0")) {
                        sockets.add("socket:[" + fields[9] + "]");
                    }
                }
            } catch (IOException | SecurityException noTable) {
                // No IPv6, or no /proc: nothing to find there.
            }
        }
        if (sockets.isEmpty()) {
            return List.of();
        }
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
                for (Path fd : fds) {
                    try {
                        if (sockets.contains(Files.readSymbolicLink(fd).toString())) {
                            found.add(pid);
                            break;
                        }
                    } catch (IOException closed) {
                        // The descriptor closed meanwhile.
                    }
                }
            } catch (IOException | SecurityException gone) {
                // Exited meanwhile, or not ours to read.
            }
        }
        return found;
    }

    /** "pid 123 (python3 server.py --port 8000)", for messages about processes that could not be stopped. */
    static String describe(long pid) {
        String command;
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            command = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException | SecurityException e) {
            command = "";
        }
        if (command.isEmpty()) {
            command = ProcessHandle.of(pid).flatMap(handle -> handle.info().command()).orElse("?");
        }
        if (command.length() > DESCRIPTION_LENGTH) {
            command = command.substring(0, DESCRIPTION_LENGTH - 3) + "...";
        }
        return "pid " + pid + " (" + command + ")";
    }

    private static List<Long> pids() {
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self) {
                    pids.add(pid);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No /proc: nothing can be found this way.
        }
        return pids;
    }

    /** Whether the NUL-separated {@code environ} holds {@code wanted} as one whole entry. */
    private static boolean holds(byte[] environ, byte[] wanted) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(environ, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
