package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** Finds and launches wrk. The executable is {@code wrk} on PATH, or {@code $LOADCTL_WRK} when set. */
public final class Wrk {

    static final String LUA_SCRIPT_RESOURCE = "/dev/loadctl/wrk/loadctl.lua";
    private static final String INSTALL_HINT = "install it (Debian/Ubuntu: apt-get install wrk; Fedora: dnf install"
            + " wrk; macOS: brew install wrk; or run 'make ensure-wrk'), or point LOADCTL_WRK at it";

    private Wrk() {
    }

    /** The wrk executable loadctl runs. */
    public static String executable() {
        String configured = System.getenv("LOADCTL_WRK");
        return configured == null || configured.isBlank() ? "wrk" : configured;
    }

    /** First line of {@code wrk -v}, e.g. {@code wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer}. */
    public static String version() {
        return version(executable());
    }

    static String version(String executable) {
        Process process = launch(new ProcessBuilder(executable, "-v").redirectErrorStream(true), executable);
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            // wrk -v prints its version and usage (a few hundred bytes) and exits with status 1.
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new LoadctlException(ExitCode.ENVIRONMENT, "'" + executable + " -v' did not finish in 10 s");
            }
            String first = text.strip().lines().findFirst().orElse("");
            if (!first.startsWith("wrk ")) {
                throw new LoadctlException(ExitCode.ENVIRONMENT, "'" + executable + " -v' did not print a wrk"
                        + " version (it printed '" + first + "'): " + INSTALL_HINT);
            }
            return first;
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot read '" + executable + " -v': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted while asking wrk for its version");
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Launches wrk for {@code invocation}; its stdout and stderr go, merged as a terminal shows them, to a
     * temporary file, so nothing in this JVM has to read while wrk runs. Close the returned process.
     */
    public static WrkProcess start(WrkInvocation invocation) {
        return start(invocation, executable());
    }

    /**
     * Runs wrk to the end and parses its output. If the JVM shuts down meanwhile (Ctrl-C, SIGTERM), wrk is
     * stopped and its files deleted before the JVM exits, whenever the signal comes: the stop hook is in
     * place before wrk starts and waits for a start in progress.
     */
    public static WrkResult run(WrkInvocation invocation) {
        StopOnShutdown guard = new StopOnShutdown();
        Thread hook = new Thread(guard::stop, "loadctl-stop-wrk");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted before wrk started");
        }
        try (WrkProcess wrk = guard.start(invocation)) {
            return wrk.awaitResult();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it is what stops wrk now.
            }
        }
    }

    /** Starting wrk and stopping it at shutdown exclude each other, so no wrk outlives the JVM. */
    private static final class StopOnShutdown {
        private WrkProcess process;
        private boolean stopping;

        synchronized WrkProcess start(WrkInvocation invocation) {
            if (stopping) {
                throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted before wrk started");
            }
            process = Wrk.start(invocation);
            return process;
        }

        synchronized void stop() {
            stopping = true;
            if (process != null) {
                process.close();
            }
        }
    }

    static WrkProcess start(WrkInvocation invocation, String executable) {
        Path script = null;
        Path output = null;
        try {
            script = invocation.lua() ? extractLuaScript() : null;
            output = Files.createTempFile("loadctl-wrk-", ".out");
            ProcessBuilder builder = new ProcessBuilder(invocation.command(executable, script))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Process process = launch(builder, executable);
            process.getOutputStream().close();
            return new WrkProcess(process, output, script);
        } catch (IOException e) {
            deleteQuietly(script);
            deleteQuietly(output);
            throw new LoadctlException(ExitCode.ENVIRONMENT,
                    "cannot prepare wrk's temporary files: " + e.getMessage() + " (is the temp folder writable?)", e);
        } catch (RuntimeException e) {
            deleteQuietly(script);
            deleteQuietly(output);
            throw e;
        }
    }

    private static Process launch(ProcessBuilder builder, String executable) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT,
                    (executable.equals("wrk") ? "wrk is not on PATH" : "cannot run wrk at '" + executable + "'")
                            + ": " + INSTALL_HINT, e);
        }
    }

    /** The bundled script's text, for a wrk that loads it from elsewhere (a generator host). */
    public static byte[] luaScript() {
        try (InputStream in = Wrk.class.getResourceAsStream(LUA_SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LUA_SCRIPT_RESOURCE + " is missing from loadctl's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LUA_SCRIPT_RESOURCE + " from loadctl's jar", e);
        }
    }

    /** The bundled script as a file wrk can load with -s. */
    static Path extractLuaScript() throws IOException {
        Path script = Files.createTempFile("loadctl-", ".lua");
        try (InputStream in = Wrk.class.getResourceAsStream(LUA_SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LUA_SCRIPT_RESOURCE + " is missing from loadctl's jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return script;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(script);
            throw e;
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temp file that cannot be deleted is not worth failing a measurement for.
        }
    }
}
