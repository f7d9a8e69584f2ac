package dev.loadctl.wrk;

import dev.loadctl.LoadctlException;
import dev.loadctl.result.GeneratorRun;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.LatencyMs;
import dev.loadctl.result.WrkResult.SocketErrors;
import dev.loadctl.result.WrkResult.ThreadRate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Several generators' runs into one: counts add up, the window is shared, percentiles come from the distributions. */
class WrkMergeTest {

    @Test
    void theScriptsLadderAndClockAreReadAndCheckedWithTheRest() {
        WrkOutputParser.Parsed parsed = WrkOutputParser.read(Fixtures.wrkOutput("lua2-ladder.txt"));
        LatencyLadder ladder = parsed.ladder();
        assertThat(ladder.size()).isEqualTo(128);
        assertThat(ladder.percents()[0]).isEqualTo(0);
        assertThat(ladder.percents()[ladder.size() - 1]).isEqualTo(100);
        assertThat(ladder.micros()[ladder.size() - 1] / 1000.0).isEqualTo(parsed.result().latencyMs().max());
        assertThat(parsed.windowStartMicros()).isEqualTo(1796037284722378L);
        // The ladder's p50 and p99 are wrk's own, to the 10 us wrk prints.
        assertThat(ladder.micros()[50] / 1000.0).isCloseTo(parsed.result().latencyMs().p50(), within(0.01));
        assertThat(ladder.micros()[99] / 1000.0).isCloseTo(parsed.result().latencyMs().p99(), within(0.01));
        // Older outputs have neither.
        assertThat(WrkOutputParser.read(Fixtures.wrkOutput("lua2-ok.txt")).ladder()).isNull();
    }

    @Test
    void aLadderOutOfOrderOrNotEndingAtTheMaxIsRefused() {
        String raw = Fixtures.wrkOutput("lua2-ladder.txt");
        assertThatThrownBy(() -> WrkOutputParser.parse(raw.replace(" 1:201335 ", " 1:101335 ")))
                .isInstanceOf(LoadctlException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> WrkOutputParser.parse(raw.replace(" 100:205516", " 100:205517")))
                .isInstanceOf(LoadctlException.class).hasMessageContaining("not at its max latency");
        assertThatThrownBy(() -> WrkOutputParser.parse(raw.replace("loadctl-clock start-us", "loadctl-clock start")))
                .isInstanceOf(LoadctlException.class).hasMessageContaining("not in the format");
    }

    @Test
    void oneGeneratorIsKeptAsItIsWithItsFiguresBeside() {
        WrkOutputParser.Parsed parsed = WrkOutputParser.read(Fixtures.wrkOutput("lua2-ladder.txt"));
        WrkResult merged = WrkMerge.merge(List.of(new WrkMerge.Part("gen1", 1, parsed.result(), parsed.ladder(),
                parsed.windowStartMicros(), null)));
        assertThat(merged.withGenerators(null)).isEqualTo(parsed.result());
        assertThat(merged.generators()).singleElement().satisfies(run -> {
            assertThat(run.host()).isEqualTo("gen1");
            assertThat(run.startOffsetMs()).isEqualTo(0.0);
            assertThat(run.rawOutput()).isEqualTo(parsed.result().rawOutput());
        });
    }

    @Test
    void countsAddUpGoodputIsTheSumOfRatesAndTheWindowIsTheirCommonSpan() {
        WrkResult a = run(4, 100, 10.0, 10_000, Map.of("200", 10_000L), new SocketErrors(1, 0, 0, 0), 200, 210);
        WrkResult b = run(4, 100, 10.2, 9_000, Map.of("200", 8_990L, "503", 10L), new SocketErrors(0, 2, 0, 5), 200,
                220);
        WrkResult merged = WrkMerge.merge(List.of(part("local", 1, a, 1_000_000L), part("local", 2, b, 1_050_000L)));
        assertThat(merged.threads()).isEqualTo(8);
        assertThat(merged.connections()).isEqualTo(200);
        assertThat(merged.requests()).isEqualTo(19_000);
        assertThat(merged.statusCodes()).isEqualTo(Map.of("200", 18_990L, "503", 10L));
        assertThat(merged.socketErrors()).isEqualTo(new SocketErrors(1, 2, 0, 5));
        assertThat(merged.non2xx3xxResponses()).isEqualTo(10);
        // a runs 1.00 s .. 11.00 s, b 1.05 s .. 11.25 s: both measured from 1.05 s to 11.00 s.
        assertThat(merged.durationSeconds()).isCloseTo(9.95, within(1e-9));
        assertThat(merged.goodputPerSecond()).isCloseTo(10_000 / 10.0 + (8_990 - 5) / 10.2, within(1e-9));
        assertThat(merged.errorRate()).isCloseTo(1 - (10_000 + 8_985) / (19_000.0 + 1 + 2), within(1e-12));
        assertThat(merged.generators()).extracting(GeneratorRun::label).containsExactly("local #1", "local #2");
        assertThat(merged.generators()).extracting(GeneratorRun::startOffsetMs).containsExactly(0.0, 50.0);
    }

    /** The reason for merging distributions: 9 fast responses in 10 from one, 1 slow in 10 from the other. */
    @Test
    void percentilesComeFromTheMergedDistributionNeverFromAveragingPercentiles() {
        WrkResult fast = run(1, 100, 10, 9_000, Map.of("200", 9_000L), SocketErrors.NONE, 100, 100);
        WrkResult slow = run(1, 100, 10, 1_000, Map.of("200", 1_000L), SocketErrors.NONE, 1_000, 1_000);
        WrkResult merged = WrkMerge.merge(List.of(part("a", 1, fast, null), part("b", 1, slow, null)));
        // Averaging would say p50 550 ms; 90% of the responses took 100 ms.
        assertThat(merged.latencyMs().p50()).isCloseTo(100, within(0.1));
        assertThat(merged.latencyMs().p90()).isCloseTo(100, within(0.1));
        assertThat(merged.latencyMs().p99()).isCloseTo(1_000, within(1.0));
        assertThat(merged.latencyMs().max()).isEqualTo(1_000);
        assertThat(merged.latencyMs().avg()).isCloseTo(190, within(1e-9));
    }

    @Test
    void twoAlikeGeneratorsMergeToTheirOwnPercentiles() {
        WrkOutputParser.Parsed parsed = WrkOutputParser.read(Fixtures.wrkOutput("lua2-ladder.txt"));
        WrkMerge.Part part = new WrkMerge.Part("a", 1, parsed.result(), parsed.ladder(), null, null);
        LatencyMs merged = WrkMerge.merge(List.of(part, part)).latencyMs();
        LatencyMs own = parsed.result().latencyMs();
        // Within HdrHistogram's 3 significant digits (0.1%).
        assertThat(merged.p50()).isCloseTo(own.p50(), within(own.p50() * 0.001));
        assertThat(merged.p90()).isCloseTo(own.p90(), within(own.p90() * 0.001));
        assertThat(merged.p99()).isCloseTo(own.p99(), within(own.p99() * 0.001));
        assertThat(merged.max()).isEqualTo(own.max());
    }

    @Test
    void withoutEveryLadderThereAreNoMergedPercentiles() {
        WrkOutputParser.Parsed parsed = WrkOutputParser.read(Fixtures.wrkOutput("lua2-ladder.txt"));
        WrkResult merged = WrkMerge.merge(List.of(
                new WrkMerge.Part("a", 1, parsed.result(), parsed.ladder(), null, null),
                new WrkMerge.Part("b", 1, parsed.result(), null, null, null)));
        assertThat(merged.latencyMs().p50()).isNull();
        assertThat(merged.latencyMs().max()).isEqualTo(parsed.result().latencyMs().max());
        assertThat(merged.rawOutput()).contains("generators[].rawOutput");
    }

    @Test
    void windowsThatDoNotOverlapAreRefused() {
        WrkResult a = run(1, 10, 2, 100, Map.of("200", 100L), SocketErrors.NONE, 100, 100);
        assertThatThrownBy(() -> WrkMerge.merge(List.of(part("a", 1, a, 0L), part("b", 1, a, 3_000_000L))))
                .isInstanceOf(LoadctlException.class).hasMessageContaining("do not overlap");
    }

    private static WrkMerge.Part part(String host, int index, WrkResult result, Long start) {
        LatencyMs l = result.latencyMs();
        long low = Math.round(l.p50() * 1000);
        long high = Math.round(l.max() * 1000);
        double[] percents = new double[101];
        long[] micros = new long[101];
        for (int p = 0; p <= 100; p++) {
            percents[p] = p;
            micros[p] = low + (high - low) * p / 100;
        }
        return new WrkMerge.Part(host, index, result, new LatencyLadder(percents, micros), start, null);
    }

    /** A run whose latency is spread evenly from {@code lowMs} to {@code highMs}. */
    private static WrkResult run(int threads, int connections, double seconds, long requests, Map<String, Long> codes,
                                 SocketErrors errors, double lowMs, double highMs) {
        long non2xx = codes.entrySet().stream().filter(e -> e.getKey().compareTo("400") >= 0)
                .mapToLong(Map.Entry::getValue).sum();
        double mid = (lowMs + highMs) / 2;
        return WrkRunBuilder.run("http://127.0.0.1:8000/ping/", threads, connections, seconds).requests(requests)
                .read(requests * 100, requests * 100 / seconds)
                .latency(new LatencyMs(mid, 0.0, highMs, 100.0, lowMs, mid, highMs, highMs, highMs, highMs))
                .perThread(new ThreadRate(requests / seconds / threads, 0.0, requests / seconds / threads, 100.0))
                .socketErrors(errors).non2xx3xx(non2xx).statusCodes(codes).rawOutput("raw").build();
    }
}
