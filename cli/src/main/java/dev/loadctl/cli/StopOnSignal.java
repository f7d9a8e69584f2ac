package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.PrintWriter;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Ctrl-C and SIGTERM during a sweep: a shutdown hook stops wrk and the server at once, lets the sweep
 * save its finished points and print its summary, then ends the JVM with exit code 130.
 */
final class StopOnSignal implements AutoCloseable {

    /** How long the hook waits for the sweep to save and print before ending the JVM anyway. */
    private static final long SAVE_LIMIT_SECONDS = 30;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private StopOnSignal(Runnable stop) {
        this.hook = new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                // Stopping failed in part (a work folder that would not go): still let the run save and print.
                System.err.println("loadctl: while stopping: " + e.getMessage());
            }
            try {
                finished.await(SAVE_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.err.flush();
            // halt, not exit: exit from a shutdown hook would wait for this hook forever.
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
        }, "loadctl-stop-on-signal");
    }

    /**
     * Runs {@code work} with {@code stop} on Ctrl-C and SIGTERM; returns its exit code. An interruption is printed
     * here, not by Main, so it is out before the signal handler ends the JVM.
     */
    static int run(Runnable stop, IntSupplier work, PrintWriter err) {
        StopOnSignal stopOnSignal = install(stop);
        try {
            return work.getAsInt();
        } catch (LoadctlException e) {
            if (e.exitCode() != ExitCode.INTERRUPTED) {
                throw e;
            }
            err.println("loadctl: " + e.getMessage());
            err.flush();
            return e.exitCode().code();
        } finally {
            stopOnSignal.close();
        }
    }

    static StopOnSignal install(Runnable stop) {
        StopOnSignal stopOnSignal = new StopOnSignal(stop);
        Runtime.getRuntime().addShutdownHook(stopOnSignal.hook);
        return stopOnSignal;
    }

    /** The sweep is over (saved and printed): a running hook may end the JVM now; otherwise unregister it. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it ends the JVM now that the sweep is done.
        }
    }
}
