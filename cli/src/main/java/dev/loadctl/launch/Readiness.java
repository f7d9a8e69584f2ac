package dev.loadctl.launch;

import dev.loadctl.LoadctlException;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The wait for a started server, the same wherever it runs: polls its ready URL until any HTTP response comes
 * back (ready), then, in the same loop, its load URL until a 2xx (the first 2xx), both timed from the spawn.
 */
final class Readiness {

    /**
     * Start-up is a measured figure, judged against a first 2xx within 1 s, so it is polled finely enough to
     * matter little against that; only until the first 2xx, never during a measured window.
     */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration READY_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /**
     * What the wait needs to know of the server while it polls.
     *
     * @param alive            whether the server, or anything it started, still runs
     * @param ended            how it ended, for example "exited with status 1"
     * @param stillRunningNote added to "did not answer": why it may still run although its first process ended;
     *                         "" when not
     * @param failure          the error for what happened, with the server's last output
     */
    record Watched(BooleanSupplier alive, Supplier<String> ended, Supplier<String> stillRunningNote,
                   Function<String, LoadctlException> failure) {
    }

    private Readiness() {
    }

    static StartUp await(TargetSpec spec, long spawnNanos, Duration limit, Duration first2xxLimit, Watched server) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean sameUrl = spec.readyUrl().equals(spec.loadUrl());
        Duration ready = null;
        long first2xxDeadline = 0;
        String lastAnswer = "no answer";
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw server.failure().apply("was not ready: loadctl was interrupted");
            }
            // A server that daemonizes ends its first process early; it has only exited when nothing it
            // started runs either.
            if (!server.alive().getAsBoolean()) {
                throw server.failure().apply(server.ended().get() + (ready == null ? " before it was ready"
                        : " right after it was ready"));
            }
            try {
                int status = ready == null ? HttpProbe.status(spec.readyUrl(), READY_REQUEST_TIMEOUT)
                        : HttpProbe.status(spec.loadUrl(), first2xxLimit);
                Duration sinceSpawn = Duration.ofNanos(System.nanoTime() - spawnNanos);
                if (ready == null) {
                    ready = sinceSpawn;
                    first2xxDeadline = System.nanoTime() + first2xxLimit.toNanos();
                    if (!sameUrl) {
                        continue;
                    }
                }
                if (status / 100 == 2) {
                    return new StartUp(ready, sinceSpawn, null);
                }
                lastAnswer = "HTTP " + status;
            } catch (IOException notYet) {
                // Not listening yet (or no answer in time): try again after the poll interval.
                lastAnswer = notYet.getClass().getSimpleName() + ": " + notYet.getMessage();
            }
            if (ready == null && System.nanoTime() > deadline) {
                throw server.failure().apply(String.format(Locale.ROOT, "did not answer GET %s within %d s%s",
                        spec.readyUrl(), limit.toSeconds(), server.stillRunningNote().get()));
            }
            if (ready != null && System.nanoTime() > first2xxDeadline) {
                return new StartUp(ready, null, String.format(Locale.ROOT, "no 2xx from GET %s within %d s of"
                        + " being ready (last: %s)", spec.loadUrl(), first2xxLimit.toSeconds(), lastAnswer));
            }
            sleep(POLL_INTERVAL);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
