package dev.loadctl.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Servers that leave the process tree, as real ones do, for the tests of what loadctl stops: a tiny HTTP
 * server in Python (200 "ok" on every path) that double-forks and calls setsid. Every process it makes
 * carries {@code --port PORT} on its command line, so a test (and the CLI tests' sandbox) can find them.
 *
 * <ul>
 *   <li>{@code daemon}: daemonizes; its first process exits at once and the grandchild serves the port;</li>
 *   <li>{@code grandchild}: serves the port, and a setsid grandchild that ignores SIGTERM serves the same
 *       socket (as prefork workers share one), so it keeps the port after the server stopped;</li>
 *   <li>{@code stubborn}: one process that serves the port and ignores SIGTERM.</li>
 * </ul>
 */
public final class Daemons {

    public static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = """
            import http.server, os, signal, sys

            mode, port = sys.argv[1], int(sys.argv[sys.argv.index("--port") + 1])

            class Ok(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                def log_message(self, *args):
                    pass

            def detach():
                # Double fork and setsid: True in the grandchild, whose parent is gone; False in the caller.
                if os.fork() > 0:
                    return False
                os.setsid()
                if os.fork() > 0:
                    os._exit(0)
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                return True

            if mode == "daemon":
                if not detach():
                    os._exit(0)
                http.server.ThreadingHTTPServer(("127.0.0.1", port), Ok).serve_forever()
            elif mode == "grandchild":
                server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Ok)
                if detach():
                    signal.signal(signal.SIGTERM, signal.SIG_IGN)
                print("serving", flush=True)
                server.serve_forever()
            elif mode == "stubborn":
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                print("serving, ignoring SIGTERM", flush=True)
                http.server.ThreadingHTTPServer(("127.0.0.1", port), Ok).serve_forever()
            """;

    private Daemons() {
    }

    public static boolean pythonPresent() {
        return Files.isExecutable(Path.of(PYTHON));
    }

    /** Writes the script into {@code dir}; returns its path. */
    public static Path script(Path dir) {
        try {
            return Files.writeString(dir.resolve("daemons.py"), SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that runs {@code mode} on {@code port}. */
    public static List<String> command(Path script, String mode, int port) {
        return List.of(PYTHON, script.toString(), mode, "--port", Integer.toString(port));
    }

    /** Processes whose command line holds "--port PORT" (this JVM excluded), as "pid command". */
    public static List<String> on(int port) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info().commandLine().orElse("").contains("--port " + port))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse("?")).toList();
    }

    /** Waits until nothing runs with "--port PORT"; returns what is left after {@code limit}. */
    public static List<String> awaitNoneOn(int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> left = on(port);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = on(port);
        }
        return left;
    }

    /** Kills whatever runs with "--port PORT": a test's clean-up when loadctl left something. */
    public static void killAllOn(int port) {
        ProcessHandle.allProcesses().filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info().commandLine().orElse("").contains("--port " + port))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** Whether this machine lets loadctl make a cgroup (cgroup v2, writable): else the fallback is tested. */
    public static boolean cgroupsWritable() {
        return Cgroup.create().map(Cgroup::remove).orElse(false);
    }
}
