package dev.loadctl.report;

import dev.loadctl.report.BenchReport.Run;
import dev.loadctl.report.BenchReport.RunPoint;
import dev.loadctl.report.BenchReport.GoalCheck;
import dev.loadctl.result.BenchSetup.Goal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How goals are judged: per point of the subject, every thread count or any, missing figures, CPU across targets. */
class BenchGoalsTest {

    private static RunPoint point(int threads, double goodput, double p99, Double first2xxMs, double loadctlCores) {
        return new RunPoint(threads, 2, goodput, 201.0, p99, p99 + 5, 0, 0.0, 0.5, 0.5, loadctlCores,
                25_000, goodput / 25_000, false, 300.0, first2xxMs, List.of());
    }

    private static Run run(String target, int connections, RunPoint... points) {
        return new Run(target, connections, true, null, List.of(points));
    }

    private static Goal goal(String peer, Integer connections, Boolean anyThreads, Double minRatio, Double maxP99Ratio,
                             Double minGoodput, String maxP99, Double minEfficiency, String maxFirst2xx,
                             Double maxLoadctl) {
        return new Goal("g", peer, connections, null, anyThreads, minRatio, maxP99Ratio, minGoodput, maxP99,
                minEfficiency, maxFirst2xx, maxLoadctl);
    }

    private static final List<Run> RUNS = List.of(
            run("bundled", 5000, point(1, 19_000, 260, 600.0, 0.002), point(2, 23_500, 240, 700.0, 0.001)),
            run("nginx", 5000, point(1, 19_500, 250, 50.0, 0.004), point(2, 23_000, 230, 40.0, 0.02)),
            run("uvicorn", 5000, point(2, 3_000, 900, 900.0, 0.003)));

    @Test
    void everyThreadCountMustMeetTheRatiosAndTheDetailShowsEachPoint() {
        GoalCheck check = BenchGoals.check(goal("nginx", null, null, 0.95, 1.10, null, null, null, null, null),
                "bundled", RUNS);
        assertThat(check.status()).isEqualTo(BenchReport.MET);
        assertThat(check.detail()).containsExactly(
                "-c5000, 1 thread: goodput 19,000 vs nginx's 19,500/s = 0.974x (>= 0.95x) ok;"
                        + " p99 260.0 vs nginx's 250.0 ms = 1.040x (<= 1.10x) ok",
                "-c5000, 2 threads: goodput 23,500 vs nginx's 23,000/s = 1.022x (>= 0.95x) ok;"
                        + " p99 240.0 vs nginx's 230.0 ms = 1.043x (<= 1.10x) ok");
        assertThat(check.criteria()).isEqualTo("goodput >= 0.95x nginx's, p99 <= 1.10x nginx's; at every -c;"
                + " every thread count");

        GoalCheck stricter = BenchGoals.check(goal("nginx", null, null, 1.0, null, null, null, null, null, null),
                "bundled", RUNS);
        assertThat(stricter.status()).isEqualTo(BenchReport.NOT_MET);
        assertThat(stricter.detail().get(0)).endsWith("(>= 1.00x) NOT MET");
        assertThat(stricter.detail().get(1)).endsWith("(>= 1.00x) ok");
    }

    @Test
    void anyThreadsIsMetByOneThreadCount() {
        Goal target = goal(null, 5000, true, null, null, 20_000.0, "250ms", null, null, null);
        assertThat(BenchGoals.check(target, "bundled", RUNS).status()).isEqualTo(BenchReport.MET);
        Goal everyThreads = goal(null, 5000, null, null, null, 20_000.0, "250ms", null, null, null);
        GoalCheck strict = BenchGoals.check(everyThreads, "bundled", RUNS);
        assertThat(strict.status()).isEqualTo(BenchReport.NOT_MET);
        assertThat(strict.detail().get(0)).isEqualTo("-c5000, 1 thread: goodput 19,000/s (>= 20,000) NOT MET;"
                + " p99 260.0 ms (<= 250 ms) NOT MET");
    }

    @Test
    void aMissingPeerPointIsNotMeasuredUnlessAnotherPointFails() {
        Goal vsUvicorn = goal("uvicorn", 5000, null, 5.0, null, null, null, null, null, null);
        GoalCheck check = BenchGoals.check(vsUvicorn, "bundled", RUNS);
        assertThat(check.status()).isEqualTo(BenchReport.NOT_MEASURED);
        assertThat(check.detail()).containsExactly("-c5000, 1 thread: no uvicorn point to compare with",
                "-c5000, 2 threads: goodput 23,500 vs uvicorn's 3,000/s = 7.833x (>= 5.00x) ok");

        Goal tenTimes = goal("uvicorn", 5000, null, 10.0, null, null, null, null, null, null);
        assertThat(BenchGoals.check(tenTimes, "bundled", RUNS).status()).isEqualTo(BenchReport.NOT_MET);
    }

    @Test
    void noSubjectPointAtTheConnectionCountIsNotMeasured() {
        GoalCheck check = BenchGoals.check(goal(null, 10_000, null, null, null, 1.0, null, null, null, null),
                "bundled", RUNS);
        assertThat(check.status()).isEqualTo(BenchReport.NOT_MEASURED);
        assertThat(check.detail()).containsExactly("no bundled point at -c10000 was measured");
    }

    @Test
    void loadctlsCostCountsEveryTargetAndStartUpNeedsAFigure() {
        GoalCheck cost = BenchGoals.check(goal(null, null, null, null, null, null, null, null, null, 0.01),
                "bundled", RUNS);
        assertThat(cost.status()).as("nginx's window at 2 threads cost loadctl 0.02").isEqualTo(BenchReport.NOT_MET);
        assertThat(cost.detail()).containsExactly(
                "-c5000, 1 thread: loadctl 0.0040 cores at most, any target (<= 0.010) ok",
                "-c5000, 2 threads: loadctl 0.0200 cores at most, any target (<= 0.010) NOT MET");

        List<Run> noFirst2xx = List.of(run("bundled", 1000, point(1, 4_900, 210, null, 0.001)));
        GoalCheck startUp = BenchGoals.check(goal(null, null, null, null, null, null, null, null, "1s", null),
                "bundled", noFirst2xx);
        assertThat(startUp.status()).isEqualTo(BenchReport.NOT_MEASURED);
        assertThat(startUp.detail()).containsExactly("-c1000, 1 thread: no first 2xx recorded at start-up");
        assertThat(BenchGoals.check(goal(null, null, null, null, null, null, null, null, "1s", null), "bundled", RUNS)
                .detail()).containsExactly("-c5000, 1 thread: first 2xx 0.60 s after spawn (<= 1.00 s) ok",
                "-c5000, 2 threads: first 2xx 0.70 s after spawn (<= 1.00 s) ok");
    }

    @Test
    void aPeerWithNoGoodputIsBeatenByAnyGoodput() {
        List<Run> runs = List.of(run("bundled", 1000, point(1, 4_900, 210, 500.0, 0.001)),
                run("broken", 1000, point(1, 0, 0, 500.0, 0.001)));
        GoalCheck check = BenchGoals.check(goal("broken", null, null, 5.0, null, null, null, null, null, null),
                "bundled", runs);
        assertThat(check.status()).isEqualTo(BenchReport.MET);
        assertThat(check.detail()).containsExactly(
                "-c1000, 1 thread: goodput 4,900 vs broken's 0/s (the peer had none) ok");
    }

    @Test
    void theSummaryLineCountsTheGoalsMetAndNamesTheOthers() {
        List<GoalCheck> goals = List.of(new GoalCheck("vs nginx", BenchReport.MET, "c", List.of()),
                new GoalCheck("start-up", BenchReport.NOT_MET, "c", List.of()),
                new GoalCheck("vs the moon", BenchReport.NOT_MEASURED, "c", List.of()),
                new GoalCheck("cost", BenchReport.NOT_MET, "c", List.of()));

        assertThat(BenchGoals.summary(goals))
                .isEqualTo("goals: 1 of 4 met; not met: start-up, cost; not measured: vs the moon");
        assertThat(BenchGoals.summary(goals.subList(0, 1))).isEqualTo("goals: 1 of 1 met");
    }
}
