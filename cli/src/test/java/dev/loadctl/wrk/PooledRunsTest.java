package dev.loadctl.wrk;

import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;
import dev.loadctl.result.WrkResult.LatencyMs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs one after another at one load, pooled: every request counts once. The fixtures are a real capacity
 * search's probe and confirmation at 4,400 connections on the bundled server (1 thread, 2026-11-30): the 3 s
 * probe caught a young-collection pause (p99 277 ms), the 5 s confirmation did not (p99 215 ms).
 */
class PooledRunsTest {

    private static WrkResult run(String fixture) {
        return WrkOutputParser.parse(Fixtures.wrkOutput(fixture));
    }

    private final WrkResult probe = run("capacity-4400-probe-3s.txt");
    private final WrkResult confirm = run("capacity-4400-confirm-5s.txt");

    @Test
    void countsAndTimeAddUpAndRatesArePerSecondOfAllTheRuns() {
        WrkResult pooled = PooledRuns.pool(List.of(probe, confirm));

        assertThat(pooled.requests()).isEqualTo(55_606 + 97_381);
        assertThat(pooled.durationSeconds()).isCloseTo(3.108145 + 5.11459, within(1e-9));
        assertThat(pooled.statusCodes()).isEqualTo(Map.of("200", 55_606L + 97_381L));
        assertThat(pooled.goodputPerSecond()).isCloseTo((55_606 + 97_381) / (3.108145 + 5.11459), within(0.01));
        assertThat(pooled.errorRate()).isZero();
        assertThat(pooled.connections()).isEqualTo(4_400);
    }

    @Test
    void percentilesComeFromTheMergedDistributionsNotFromAveragingThem() {
        LatencyMs pooled = PooledRuns.pool(List.of(probe, confirm)).latencyMs();

        // 1% of the 152,987 requests is 1,530. More than 2% of the probe's 55,606 took over 267.7 ms (its 98th
        // percentile): 1,112 requests. So the pooled p99 lies below 267.7 ms, and over the 250 ms SLA: 261 ms,
        // with each rung's share spread between its two values. The mean of the two p99s (246 ms) would pass.
        assertThat(pooled.p99()).isCloseTo(261.3, within(0.3));
        assertThat(pooled.p50()).isBetween(Math.min(probe.latencyMs().p50(), confirm.latencyMs().p50()),
                Math.max(probe.latencyMs().p50(), confirm.latencyMs().p50()));
        assertThat(pooled.max()).isEqualTo(probe.latencyMs().max());
    }

    @Test
    void oneRunPooledIsItselfAndTheOrderDoesNotMatter() {
        assertThat(PooledRuns.pool(List.of(probe))).isSameAs(probe);
        assertThat(PooledRuns.pool(List.of(confirm, probe)).latencyMs().p99())
                .isEqualTo(PooledRuns.pool(List.of(probe, confirm)).latencyMs().p99());
        // A run with itself: its own percentiles, to HdrHistogram's 0.1%.
        assertThat(PooledRuns.pool(List.of(confirm, confirm)).latencyMs().p99())
                .isCloseTo(confirm.latencyMs().p99(), within(confirm.latencyMs().p99() * 0.001));
    }

    @Test
    void withoutTheScriptsDistributionThePercentilesAreWeightedBySamples() {
        WrkResult plain = WrkRunBuilder.run("http://127.0.0.1:1/ping/", 1, 100, 3).requests(3_000)
                .latency(new LatencyMs(201.0, 1.0, 400.0, 90.0, 201.0, 202.0, 203.0, 300.0, 390.0, 400.0))
                .goodput(1_000, 0).build();
        WrkResult longer = WrkRunBuilder.run("http://127.0.0.1:1/ping/", 1, 100, 6).requests(9_000)
                .latency(new LatencyMs(201.0, 1.0, 220.0, 90.0, 201.0, 202.0, 203.0, 220.0, 220.0, 220.0))
                .goodput(1_500, 0).build();

        LatencyMs pooled = PooledRuns.pool(List.of(plain, longer)).latencyMs();
        assertThat(pooled.p99()).isCloseTo((3_000 * 300.0 + 9_000 * 220.0) / 12_000, within(1e-9));
        assertThat(pooled.max()).isEqualTo(400.0);
    }

    @Test
    void cpuIsAveragedOverTimeAndSaturationJudgedOnThePool() {
        WrkResult busy = WrkRunBuilder.run("http://127.0.0.1:1/ping/", 1, 100, 3).requests(3_000)
                .goodput(1_000, 0).cpu(new CpuUsage(0.5, 1.0, 0.01, 1, 2, true)).build();
        WrkResult calm = WrkRunBuilder.run("http://127.0.0.1:1/ping/", 1, 100, 9).requests(9_000)
                .goodput(1_000, 0).cpu(new CpuUsage(0.7, 0.5, 0.01, 1, 2, false)).build();

        CpuUsage pooled = PooledRuns.pool(List.of(busy, calm)).cpu();
        assertThat(pooled.wrkCores()).isCloseTo(0.625, within(1e-9));
        assertThat(pooled.serverCores()).isCloseTo(0.65, within(1e-9));
        assertThat(pooled.wrkSaturated()).isFalse();
    }

    @Test
    void runsAtDifferentLoadsAreNotPooled() {
        WrkResult other = WrkRunBuilder.run("http://127.0.0.1:1/ping/", 1, 4_000, 3).requests(10).build();
        assertThatThrownBy(() -> PooledRuns.pool(List.of(probe, other))).isInstanceOf(IllegalArgumentException.class);
    }
}
