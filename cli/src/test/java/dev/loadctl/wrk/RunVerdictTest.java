package dev.loadctl.wrk;

import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The run verdict around the error limit, on a real output with timeouts added (141,081 responses). */
class RunVerdictTest {

    static WrkResult okWithTimeouts(int timeouts) {
        String ok = Fixtures.wrkOutput("lua-ok.txt");
        return WrkOutputParser.parse(ok.replace("20.45MB read\n", "20.45MB read\n  Socket errors: connect 0, read 0,"
                + " write 0, timeout " + timeouts + "\n"));
    }

    @Test
    void errorsWithinTheLimitAreHealthyAndStillListed() {
        RunVerdict verdict = RunVerdict.of(okWithTimeouts(50));
        assertThat(verdict.healthy()).isTrue();
        assertThat(verdict.line()).startsWith("verdict: healthy: 0.04% of attempts were not a timely 2xx, within the"
                + " 0.10% limit: 50 timeouts (0.04% of responses slower than --timeout;");
    }

    @Test
    void errorsOverTheLimitAreUnhealthyAndSaySo() {
        RunVerdict verdict = RunVerdict.of(okWithTimeouts(200));
        assertThat(verdict.healthy()).isFalse();
        assertThat(verdict.line()).startsWith("verdict: UNHEALTHY: 0.14% of attempts were not a timely 2xx, over the"
                + " 0.10% limit: 200 timeouts (0.14% of responses");
    }

    @Test
    void withNoTimely2xxTheFirstProblemSaysSoWithoutAShare() {
        String line = RunVerdict.of(WrkOutputParser.parse(Fixtures.wrkOutput("timeouts-all.txt"))).line();
        assertThat(line).startsWith("verdict: UNHEALTHY: no timely 2xx response at all; 4 timeouts");
    }
}
