package dev.loadctl.preflight;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads loadctl's open-files limit and raises its soft limit. wrk and the server are loadctl's children,
 * so they inherit it. (HotSpot already raises its own soft limit to the hard limit on Linux unless
 * started with -XX:-MaxFDLimit; this covers that case and other JVMs.) Tests pass their own values.
 */
public interface OpenFilesControl {

    Optional<OpenFiles> read();

    /** Raise the soft limit to {@code soft} (at most the hard limit); the limit afterwards. */
    Optional<OpenFiles> raiseSoft(long soft);

    /** This process, through {@code /proc/self/limits} and util-linux {@code prlimit}. */
    static OpenFilesControl ofThisProcess(ProcFs fs) {
        return new OpenFilesControl() {
            @Override
            public Optional<OpenFiles> read() {
                return OpenFiles.parseLimits(fs.lines("proc/self/limits"));
            }

            @Override
            public Optional<OpenFiles> raiseSoft(long soft) {
                // "N:" sets only the soft limit; an argument list, no shell.
                List<String> command = List.of("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                        "--nofile=" + soft + ":");
                try {
                    Process prlimit = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!prlimit.waitFor(10, TimeUnit.SECONDS)) {
                        prlimit.destroyForcibly();
                    }
                } catch (IOException e) {
                    // prlimit missing: the limit stays as it was and preflight says how to raise it.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return read();
            }
        };
    }
}
