package dev.loadctl.report;

import org.junit.jupiter.api.Test;

import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class UniversalScalabilityLawTest {

    private static SortedMap<Integer, Double> synthetic(double lambda, double sigma, double kappa, int... threads) {
        SortedMap<Integer, Double> data = new TreeMap<>();
        for (int n : threads) {
            data.put(n, UniversalScalabilityLaw.throughput(lambda, sigma, kappa, n));
        }
        return data;
    }

    @Test
    void recoversKnownParametersWithinOnePercent() {
        double lambda = 1200;
        double sigma = 0.06;
        double kappa = 0.0015;
        ScalingModel model = UniversalScalabilityLaw.fit(synthetic(lambda, sigma, kappa, 1, 2, 4, 8, 16, 32, 64),
                20000);

        assertThat(model.fitted()).isTrue();
        assertThat(model.lambdaPerSecond()).isCloseTo(lambda, withPercentage(1));
        assertThat(model.sigma()).isCloseTo(sigma, withPercentage(1));
        assertThat(model.kappa()).isCloseTo(kappa, withPercentage(1));
        assertThat(model.rSquared()).isCloseTo(1.0, within(1e-6));
        double peak = Math.sqrt((1 - sigma) / kappa);
        assertThat(model.peakThreads()).isCloseTo(peak, withPercentage(1));
        assertThat(model.peakGoodputPerSecond())
                .isCloseTo(UniversalScalabilityLaw.throughput(lambda, sigma, kappa, peak), withPercentage(1));
        assertThat(model.summary()).anyMatch(line -> line.contains("extrapolation from the measured range (1-64"));
    }

    @Test
    void recoversAContentionOnlyCurve() {
        ScalingModel model = UniversalScalabilityLaw.fit(synthetic(5000, 0.2, 0, 1, 2, 3, 4, 6, 8), 20000);

        assertThat(model.lambdaPerSecond()).isCloseTo(5000, withPercentage(1));
        assertThat(model.sigma()).isCloseTo(0.2, withPercentage(1));
        assertThat(model.kappa()).isCloseTo(0, within(1e-6));
        assertThat(model.peakThreads()).isNull();
        // No peak: the curve rises towards lambda / sigma = 25,000/s.
        assertThat(model.peakGoodputPerSecond()).isCloseTo(25000, withPercentage(1));
    }

    @Test
    void saysWhereTheTargetIsReachedOrThatThePeakIsBelowIt() {
        // X(N) = 1000 N / (1 + 0.05 (N-1) + 0.001 N (N-1)); peak about 11,500/s at N = 30.8.
        ScalingModel reachable = UniversalScalabilityLaw.fit(synthetic(1000, 0.05, 0.001, 1, 2, 4, 8), 5000);
        int threads = reachable.threadsForTarget();
        assertThat(UniversalScalabilityLaw.throughput(1000, 0.05, 0.001, threads)).isGreaterThanOrEqualTo(5000);
        assertThat(UniversalScalabilityLaw.throughput(1000, 0.05, 0.001, threads - 1)).isLessThan(5000);
        assertThat(reachable.summary()).anyMatch(line -> line.contains("target would be reached at " + threads
                + " threads"));

        ScalingModel unreachable = UniversalScalabilityLaw.fit(synthetic(1000, 0.05, 0.001, 1, 2, 4, 8), 20000);
        assertThat(unreachable.threadsForTarget()).isNull();
        assertThat(unreachable.summary()).anyMatch(line -> line.contains("is below the 20,000/s target"));
    }

    @Test
    void threeThreadCountsFitExactlyAndSaySo() {
        ScalingModel model = UniversalScalabilityLaw.fit(synthetic(1000, 0.1, 0.01, 1, 2, 4), 20000);

        assertThat(model.fitted()).isTrue();
        assertThat(model.summary()).anyMatch(line -> line.contains("R^2 says nothing"));
    }

    @Test
    void aFailedFirstPointStillGivesAModel() {
        SortedMap<Integer, Double> data = synthetic(3000, 0.1, 0.002, 2, 4, 8, 16);
        data.put(1, 0.0);
        ScalingModel model = UniversalScalabilityLaw.fit(data, 20000);

        assertThat(model.fitted()).isTrue();
        assertThat(model.lambdaPerSecond()).isPositive();
        assertThat(model.rSquared()).isBetween(0.5, 1.0);
    }

    @Test
    void explainsWhyThereIsNoModel() {
        ScalingModel twoPoints = UniversalScalabilityLaw.fit(synthetic(1000, 0.1, 0.01, 1, 4), 20000);
        assertThat(twoPoints.fitted()).isFalse();
        assertThat(twoPoints.reason()).isEqualTo("2 distinct thread counts were measured (1 and 4 threads);"
                + " the Universal Scalability Law has 3 parameters and needs at least 3");

        SortedMap<Integer, Double> zeros = new TreeMap<>();
        zeros.put(1, 0.0);
        zeros.put(2, 0.0);
        zeros.put(4, 0.0);
        ScalingModel allErrors = UniversalScalabilityLaw.fit(zeros, 20000);
        assertThat(allErrors.fitted()).isFalse();
        assertThat(allErrors.summary()).containsExactly(
                "No scaling model: goodput was 0 at every thread count, so there is no scaling to model.");
    }
}
