package dev.loadctl.wrk;

import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One run judged as a sweep judges a point: a healthy run that misses the SLA or the target is not a pass. */
class RunGoalsTest {

    /** 50 connections, every response a 200, goodput 44,619/s, p99 24 ms. */
    private static final WrkResult OK = WrkOutputParser.parse(Fixtures.wrkOutput("lua2-ok.txt"));

    @Test
    void aHealthyRunWithinTheSlaAndAtTheTargetMeetsIt() {
        RunGoals goals = new RunGoals(20_000, 250, 0.5);

        assertThat(goals.misses(OK)).isEmpty();
        assertThat(goals.verdictLine(OK)).isEqualTo("verdict: healthy: every response was a 2xx within the timeout,"
                + " no socket errors; meets the 20,000/s target with p99 within 250 ms");
        assertThat(goals.ceilingLine(OK.connections()))
                .isEqualTo("Little's-law ceiling: 50 connections / 0.50 ms = 100,000/s");
    }

    @Test
    void aHealthyRunOverTheSlaOrBelowTheTargetIsNotMetWhateverItsResponses() {
        RunGoals goals = new RunGoals(50_000, 10, 0.5);

        assertThat(goals.verdictLine(OK)).isEqualTo("verdict: NOT MET: p99 24.0 ms over the 10.0 ms SLA; goodput"
                + " 44,619/s below the 50,000/s target (asked: the 50,000/s target with p99 within 10.0 ms;"
                + " responses healthy: every response was a 2xx within the timeout, no socket errors)");
    }

    @Test
    void aTargetAboveTheConnectionsCeilingIsSaidToBe() {
        RunGoals goals = new RunGoals(20_000, 250, 200);

        assertThat(goals.ceilingLine(OK.connections())).isEqualTo("Little's-law ceiling: 50 connections / 200 ms"
                + " = 250/s, below the 20,000/s target: no server can reach it with these connections (it needs"
                + " 4,000)");
        assertThat(goals.misses(OK)).isEmpty();
        assertThat(new RunGoals(100_000, 250, 200).misses(OK)).containsExactly("goodput 44,619/s below the"
                + " 100,000/s target, which is above these connections' Little's-law ceiling");
    }

    @Test
    void anUnhealthyRunStaysUnhealthyAndSaysWhatElseItMissed() {
        WrkResult seed = WrkOutputParser.parse(Fixtures.wrkOutput("seed-one-thread.txt"));

        assertThat(new RunGoals(20_000, 250, 200).verdictLine(seed)).startsWith("verdict: UNHEALTHY: ")
                .endsWith("; and p99 unknown (wrk printed no latency distribution), so the 250 ms SLA cannot be"
                        + " judged; goodput 0/s below the 20,000/s target");
    }
}
