package dev.loadctl.report;

import dev.loadctl.result.ResultStore;
import dev.loadctl.result.WrkResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's own p99 beside the client's, and the queueing between them (docs/report.md, "Queueing"). */
class ServerLatencyReportTest {

    @Test
    void theTextTableShowsServerP99AndQueueingWhereTheServerReportedThem() {
        String text = ReportFormats.render(ReportFormats.Kind.TEXT, ReportBuilder.build(List.of(
                Fixtures.loaded(Fixtures.serverLatencySweep(), "reports/x")), Overrides.NONE));

        assertThat(text).containsPattern("max +server p99 +queueing +errors")
                .containsPattern("(?m)^ +1 .* 1,028 ms +1,400 ms +204 ms +824 ms ")
                .contains("queueing (client p99 - server p99) is over half the SLA (125 ms) at 1 thread: 824 ms;")
                .doesNotContain("8 threads: 2.50 ms");
    }

    @Test
    void otherTargetsTablesHaveNoServerColumns() {
        String text = ReportFormats.render(ReportFormats.Kind.TEXT, ReportBuilder.build(List.of(
                Fixtures.loaded(Fixtures.overloadedSweep(), "reports/x")), Overrides.NONE));

        assertThat(text).doesNotContain("server p99").doesNotContain("queueing (client");
    }

    @Test
    void aRunWithoutServerFiguresIsWrittenAsBeforeAndOneWithThemReadsBack() throws Exception {
        WrkResult without = Fixtures.synthetic(1, 100, 10, 5_000, 0, 0, 200, 201, 203, 210, 0.3, 0.2, false);
        WrkResult with = without.withServerLatency(new WrkResult.ServerLatencyMs(200.1, 201.5, 209.0, 5_003));

        assertThat(ResultStore.toJson(without)).doesNotContain("serverLatencyMs");
        assertThat(ResultStore.JSON.readValue(ResultStore.toJson(without), WrkResult.class).serverLatencyMs())
                .isNull();
        assertThat(ResultStore.toJson(with)).contains("\"serverLatencyMs\" : {");
        assertThat(ResultStore.JSON.readValue(ResultStore.toJson(with), WrkResult.class)).isEqualTo(with);
    }
}
