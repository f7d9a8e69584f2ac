package dev.loadctl.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the two modes are for: one async IO thread holds thousands of delayed requests at once, while blocking
 * mode serves only W per delay.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

    private static List<HttpResponse<String>> pingConcurrently(RunningServer server, int requests)
            throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            // HTTP/1.1: the client opens one connection per outstanding request, as wrk's connections do.
            pending.add(Http.CLIENT.sendAsync(Http.request(server, "GET", "/ping/"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = new ArrayList<>(requests);
        for (CompletableFuture<HttpResponse<String>> response : pending) {
            responses.add(response.get(60, TimeUnit.SECONDS));
        }
        return responses;
    }

    @Test
    void oneAsyncIoThreadHolds2000RequestsAtOnceAndAnswersThemInAboutOneDelay() throws Exception {
        // A 1 s delay leaves time to open 2,000 connections while the first requests still wait.
        long delayMillis = 1_000;
        try (RunningServer server = TargetServer.start(ServerOptions.defaults().withPort(0).withIoThreads(1)
                .withDelayMillis(delayMillis))) {
            Http.get(server, "/health");
            PeakSampler inFlight = new PeakSampler(server.stats());

            long begin = System.nanoTime();
            // Plain sockets: java.net.http's per-request cost would dominate the time at this count.
            List<RawHttp.Response> responses = RawHttp.concurrentGets(server.port(), "/ping/", 2_000);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            long peakInFlight = inFlight.stop();

            assertThat(responses).hasSize(2_000).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
            });
            assertThat(peakInFlight).as("requests waiting on the one IO thread at the same moment")
                    .isGreaterThanOrEqualTo(1_000);
            // One at a time would take 2,000 delays (33 min); the slack covers opening 2,000 sockets from this
            // same JVM on a 2-core machine that other builds share. Below 10 s needs 200+ requests at once.
            assertThat(elapsedMillis).as("wall time for 2,000 concurrent requests")
                    .isBetween(delayMillis, 10 * delayMillis);
            String stats = Http.get(server, "/stats").body();
            assertThat(Http.statsNumber(stats, "requestsServed")).isEqualTo(2_000);
            assertThat(Http.statsNumber(stats, "requestsInFlight")).isZero();
            assertThat(Http.statsNumber(stats, "p50")).isGreaterThanOrEqualTo(delayMillis);
        }
    }

    /** Samples requestsInFlight in the background and keeps the highest value seen. */
    private static final class PeakSampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        PeakSampler(ServerStats stats) {
            thread = new Thread(() -> {
                while (running) {
                    peak = Math.max(peak, stats.requestsInFlight());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "in-flight-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak;
        }
    }

    @Test
    void blockingModeWithTwoWorkersServesTenRequestsInFiveDelays() throws Exception {
        try (RunningServer server = TargetServer.start(ServerOptions.defaults().withPort(0)
                .withBlockingWorkers(2))) {
            Http.get(server, "/health");

            long begin = System.nanoTime();
            List<HttpResponse<String>> responses = pingConcurrently(server, 10);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

            assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
            // 10 requests / 2 workers = 5 rounds of 200 ms: throughput is capped at W / delay = 10 req/s.
            assertThat(elapsedMillis).as("five sleeps in a row can't finish sooner").isGreaterThanOrEqualTo(1_000);
            assertThat(elapsedMillis).as("not held up beyond the cap").isLessThan(4_000);
            String stats = Http.get(server, "/stats").body();
            assertThat(Http.statsNumber(stats, "requestsServed")).isEqualTo(10);
            assertThat(Http.statsNumber(stats, "max")).as("the last two queued for four delays")
                    .isGreaterThanOrEqualTo(900.0);
        }
    }
}
