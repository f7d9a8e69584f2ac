package dev.loadctl.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** loadctl as a child JVM, as a user runs it, and the processes it leaves (or not) on a port. */
final class LoadctlProcesses {

    private LoadctlProcesses() {
    }

    /** A running {@code loadctl}; its stdout and stderr go to a file, so nothing is lost when it exits. */
    static final class Child implements AutoCloseable {
        final Process process;
        private final Path output;

        Child(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        /** Waits for a line containing {@code text}; fails with everything printed so far. */
        String awaitLine(String text, Duration limit) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> line = Files.readAllLines(output).stream().filter(l -> l.contains(text)).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no line with '" + text + "' within " + limit + "; output:\n" + output());
        }

        /** Everything printed so far. */
        String output() throws IOException {
            return Files.readString(output);
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    static Child start(Path output, String... args) throws IOException {
        return start(output, java.util.Map.of(), args);
    }

    /** With extra environment variables. */
    static Child start(Path output, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        return new Child(builder.start(), output);
    }

    /** wrk or a target server on this port: wrk's URL holds ":PORT/", the servers get "--port PORT". */
    static List<ProcessHandle> on(int port) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(process -> {
            String commandLine = process.info().commandLine().orElse("");
            return commandLine.contains("--port " + port) || commandLine.contains(":" + port + "/");
        }).filter(process -> process.pid() != ProcessHandle.current().pid()).toList();
    }

    /** Waits until nothing runs on the port; returns what is left after {@code limit}. */
    static List<String> awaitNoneOn(int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<ProcessHandle> left = on(port);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = on(port);
        }
        return left.stream().map(process -> process.pid() + " " + process.info().commandLine().orElse("?")).toList();
    }

    static void killAllOn(int port) {
        on(port).forEach(ProcessHandle::destroyForcibly);
    }

    /** A port nothing listens on now (the OS picks it), for one test. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The result.json of the one run under {@code out} (found by listing: a run with no point moves no link). */
    static Path resultOf(Path out) {
        try (java.util.stream.Stream<Path> folders = java.nio.file.Files.list(out)) {
            return folders.filter(path -> java.nio.file.Files.isDirectory(path)
                            && !java.nio.file.Files.isSymbolicLink(path))
                    .reduce((a, b) -> { throw new IllegalStateException("more than one run in " + out); })
                    .orElseThrow().resolve("result.json");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
