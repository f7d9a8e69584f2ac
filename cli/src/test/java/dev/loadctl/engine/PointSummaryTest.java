package dev.loadctl.engine;

import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.SweepParameters;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;
import dev.loadctl.wrk.Fixtures;
import dev.loadctl.wrk.WrkOutputParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Point statistics and warnings from real wrk outputs. */
class PointSummaryTest {

    private static final SweepParameters ORIGINAL_QUESTION = new SweepParameters(List.of(1), 20000, 30, 5, 1, null,
            20000, 250, 200, 2, "bundled", "http://localhost:8000/ping/", false);

    @Test
    void theSeedRunIsAllErrorsAndSaysSo() {
        WrkResult seed = WrkOutputParser.parse(Fixtures.wrkOutput("seed-one-thread.txt"))
                .withCpu(new CpuUsage(0.9, 0.95, 0.004, 1, 2, true));
        Point point = PointSummary.of(1, 1, List.of(seed), ORIGINAL_QUESTION, null);

        assertThat(point.stats().goodputPerSecond().mean()).isZero();
        assertThat(point.stats().requestsPerSecond().mean()).isCloseTo(1769.57, within(0.01));
        assertThat(point.littlesLawCeilingPerSecond()).isEqualTo(100_000);
        assertThat(point.efficiency()).isZero();
        assertThat(point.stats().wrkSaturated()).isTrue();
        assertThat(point.warnings()).anySatisfy(w -> assertThat(w).isEqualTo("wrk was saturated (it used 0.95 of"
                        + " the 1 cores it can use): the numbers there are a lower bound, the load generator and not"
                        + " the server may be the limit"))
                .anySatisfy(w -> assertThat(w).startsWith("the machine's CPU was full (the server used 0.90 and wrk"
                        + " 0.95 of its 2 cores): they compete"))
                .anySatisfy(w -> assertThat(w).isEqualTo("49,405 requests timed out (no response within wrk's"
                        + " --timeout 2 s)"))
                .anySatisfy(w -> assertThat(w).isEqualTo("errors above the 0.10% limit: 100% of attempts were not a"
                        + " timely 2xx"))
                .noneSatisfy(w -> assertThat(w).contains("SLA"));
    }

    @Test
    void iterationsGiveMeanAndStudentTError() {
        WrkResult fast = WrkOutputParser.parse(Fixtures.wrkOutput("fast-latency.txt"));
        WrkResult slower = fast.withCpu(null);
        Point point = PointSummary.of(2, 2, List.of(fast, slower, fast), ORIGINAL_QUESTION, null);

        assertThat(point.stats().goodputPerSecond().n()).isEqualTo(3);
        assertThat(point.stats().goodputPerSecond().error()).isZero();
        assertThat(point.stats().latencyP99Ms().mean()).isCloseTo(4.44, within(1e-9));
        assertThat(point.stats().serverCores().n()).as("no CPU sampled").isZero();
        assertThat(point.stats().wrkSaturated()).isFalse();
        assertThat(point.warnings()).isEmpty();
        assertThat(point.iterations()).hasSize(3);
    }
}
