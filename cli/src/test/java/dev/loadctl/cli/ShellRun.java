package dev.loadctl.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A command line run by bash in a folder, as someone would type it, with the checkout's {@code bin/} first on
 * PATH (where {@code make install} puts {@code loadctl}); stdout and stderr together, stdin empty.
 */
record ShellRun(int exitCode, String output) {

    /** The checkout: the integration tests run in {@code cli/}. */
    static final Path CHECKOUT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

    static ShellRun in(Path folder, String commandLine) throws IOException, InterruptedException {
        Path output = Files.createTempFile("loadctl-shell", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", commandLine).directory(folder.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("PATH", CHECKOUT.resolve("bin") + ":" + System.getenv("PATH"));
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("still running after 3 minutes: " + commandLine + "\n"
                        + Files.readString(output));
            }
            return new ShellRun(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", output:\n" + output;
    }
}
