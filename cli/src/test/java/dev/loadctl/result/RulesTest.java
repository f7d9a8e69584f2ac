package dev.loadctl.result;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RulesTest {

    @Test
    void littlesLawCeilingAndItsInverseAgree() {
        assertThat(Rules.littlesLawCeilingPerSecond(20_000, 200)).isEqualTo(100_000);
        assertThat(Rules.connectionsFor(20_000, 200)).isEqualTo(4_000);
        assertThat(Rules.connectionsFor(20_001, 200)).isEqualTo(4_001);
        assertThat(Rules.littlesLawCeilingPerSecond((int) Rules.connectionsFor(12_345, 300), 300))
                .isGreaterThanOrEqualTo(12_345);
        assertThat(Rules.littlesLawCeilingPerSecond(100, 0)).isInfinite();
    }

    @Test
    void efficiencyIsUnknownWithoutAFiniteCeiling() {
        assertThat(Rules.efficiency(50.0, 100)).isEqualTo(0.5);
        assertThat(Rules.efficiency(null, 100)).isNull();
        assertThat(Rules.efficiency(50.0, Double.POSITIVE_INFINITY)).isNull();
        assertThat(Rules.efficiency(50.0, 0)).isNull();
    }

    @Test
    void cpuIsFullFromNinetyPercentOfTheCoresAvailable() {
        assertThat(Rules.isWrkSaturated(0.9, 1, 2)).isTrue();
        assertThat(Rules.isWrkSaturated(0.89, 1, 2)).isFalse();
        assertThat(Rules.isWrkSaturated(1.8, 4, 2)).as("at most the machine's cores").isTrue();
        assertThat(Rules.isMachineCpuFull(0.9, 0.9, 2)).isTrue();
        assertThat(Rules.isMachineCpuFull(0.8, 0.9, 2)).isFalse();
        assertThat(Rules.isMachineCpuFull(null, 2.0, 2)).as("unknown is not full").isFalse();
    }

    @Test
    void theTargetNeedsGoodputLatencyAndErrorsAllWithinLimits() {
        assertThat(Rules.meetsTarget(20_000.0, 250.0, 0.001, 20_000, 250)).isTrue();
        assertThat(Rules.meetsTarget(19_999.0, 250.0, 0.0, 20_000, 250)).isFalse();
        assertThat(Rules.meetsTarget(20_000.0, 250.1, 0.0, 20_000, 250)).isFalse();
        assertThat(Rules.meetsTarget(20_000.0, 250.0, 0.0011, 20_000, 250)).isFalse();
        assertThat(Rules.meetsTarget(20_000.0, null, 0.0, 20_000, 250)).as("p99 unknown").isFalse();
    }

    @Test
    void theErrorRateIsOverEveryAttemptWrkMade() {
        WrkResult.SocketErrors errors = new WrkResult.SocketErrors(900, 50, 50, 7);
        assertThat(Rules.attempts(1_000, errors)).as("timeouts are responses already").isEqualTo(2_000);
        assertThat(Rules.errorRate(1_000, 2_000)).isEqualTo(0.5);
        assertThat(Rules.errorRate(0, 0)).as("nothing attempted").isEqualTo(1.0);
        assertThat(Rules.errorRate(5, 4)).as("clamped").isZero();
    }

    @Test
    void everyResponseAnErrorNeedsResponses() {
        assertThat(Rules.isEveryResponseAnError(243_731, 0)).isTrue();
        assertThat(Rules.isEveryResponseAnError(0, 0)).isFalse();
        assertThat(Rules.isEveryResponseAnError(10, 0.5)).isFalse();
    }
}
