package dev.loadctl.wrk;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WrkOutputParserSeedTest {

    @Test
    void seedOneThread() {
        String raw = Fixtures.wrkOutput("seed-one-thread.txt");
        WrkResult r = WrkOutputParser.parse(raw);
        assertThat(r.url()).isEqualTo("http://localhost:8000/ping/");
        assertThat(r.threads()).isEqualTo(1);
        assertThat(r.connections()).isEqualTo(20000);
        assertThat(r.durationSeconds()).isEqualTo(30.05);
        assertThat(r.requests()).isEqualTo(53179);
        assertThat(r.bytesRead()).isEqualTo(Math.round(7.81 * 1024 * 1024));
        assertThat(r.requestsPerSecond()).isEqualTo(1769.57);
        assertThat(r.transferBytesPerSecond()).isEqualTo(266.13 * 1024, within(1e-6));
        assertThat(r.latencyMs().avg()).isEqualTo(768.96);
        assertThat(r.latencyMs().stdev()).isEqualTo(291.34);
        assertThat(r.latencyMs().max()).isEqualTo(1210.0);
        assertThat(r.latencyMs().withinStdevPercent()).isEqualTo(66.98);
        assertThat(r.latencyMs().p50()).isNull();
        assertThat(r.requestsPerSecondPerThread().avg()).isEqualTo(4130.0);
        assertThat(r.requestsPerSecondPerThread().max()).isEqualTo(4950.0);
        assertThat(r.socketErrors()).isEqualTo(new WrkResult.SocketErrors(0, 0, 0, 49405));
        assertThat(r.non2xx3xxResponses()).isEqualTo(53179);
        assertThat(r.statusCodes()).isNull();
        assertThat(r.goodputPerSecond()).isZero();
        assertThat(r.goodputEstimated()).isTrue();
        assertThat(r.errorRate()).isEqualTo(1.0);
        assertThat(r.unknownLines()).isEmpty();
        assertThat(r.rawOutput()).isEqualTo(raw);
    }

    @Test
    void refusedIsAFailureWithWrksOwnWords() {
        assertThatThrownBy(() -> WrkOutputParser.parse(Fixtures.wrkOutput("refused.txt")))
                .isInstanceOf(LoadctlException.class)
                .hasMessageContaining("unable to connect to 127.0.0.1:9 Connection refused")
                .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.WRK_FAILED));
    }
}
