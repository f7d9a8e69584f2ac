package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bundled servers as child JVMs, as loadctl launches them, optionally under a wrapper such as {@code prlimit}; each
 * one's stderr goes to a file of its own. {@link #close()} kills whatever is still running.
 */
final class ServerProcesses implements AutoCloseable {

    private static final Pattern READY_PORT = Pattern.compile(
            "loadctl-target-server ready on http://127\\.0\\.0\\.1:(\\d+) .*");

    private static String childClassPath;

    private final Path folder;
    private final List<Process> started = new ArrayList<>();

    ServerProcesses(Path folder) {
        this.folder = folder;
    }

    /** Starts {@code wrapper... java -cp <the server's jar and libraries> TargetServer flags...}. */
    Process launch(List<String> wrapper, String... flags) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", childClassPath(), TargetServer.class.getName()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command)
                .redirectError(stderrFile(started.size()).toFile())
                .start();
        started.add(process);
        return process;
    }

    Process launch(String... flags) throws IOException {
        return launch(List.of(), flags);
    }

    /**
     * The server's classes packed into one jar, as loadctl runs them, then the libraries. Why a jar: a class loaded
     * for the first time from a folder opens its own .class file, which fails while the process is out of open
     * files; a jar is opened once, at start.
     */
    private static synchronized String childClassPath() throws IOException {
        if (childClassPath == null) {
            Path classes;
            try {
                classes = Path.of(TargetServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            List<String> entries = new ArrayList<>();
            entries.add(Files.isDirectory(classes) ? jarOf(classes).toString() : classes.toString());
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!Files.isDirectory(Path.of(entry))) {
                    entries.add(entry); // the libraries; the test classes are not needed by the server
                }
            }
            childClassPath = String.join(File.pathSeparator, entries);
        }
        return childClassPath;
    }

    private static Path jarOf(Path classes) throws IOException {
        Path jar = Files.createTempFile("loadctl-target-server-classes", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path stderrFile(int launchIndex) {
        return folder.resolve("stderr-" + launchIndex + ".txt");
    }

    /** What the {@code launchIndex}-th process wrote to stderr so far. */
    List<String> stderrLines(int launchIndex) throws IOException {
        return Files.readAllLines(stderrFile(launchIndex));
    }

    static String firstStdoutLine(Process process) throws Exception {
        BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    /** Waits for the ready line and returns the port it names. */
    static int readyPort(Process process) throws Exception {
        String line = firstStdoutLine(process);
        Matcher ready = READY_PORT.matcher(line == null ? "" : line);
        assertThat(ready.matches()).as("ready line: %s", line).isTrue();
        return Integer.parseInt(ready.group(1));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
