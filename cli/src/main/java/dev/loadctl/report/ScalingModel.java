package dev.loadctl.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The Universal Scalability Law fitted to goodput vs threads, X(N) = λN / (1 + σ(N−1) + κN(N−1)),
 * or why there is none. Everything it predicts outside the measured thread counts is an extrapolation.
 *
 * @param reason               why there is no model; null when fitted
 * @param sigma                contention (serialised share of the work), 0..1
 * @param kappa                coherency (cross-talk between threads), ≥ 0
 * @param lambdaPerSecond      goodput of one thread without contention
 * @param rSquared             share of goodput's variance the model explains; null when goodput never varied
 * @param peakThreads          N* = sqrt((1−σ)/κ), where the model's goodput peaks; null when it never peaks (κ = 0)
 * @param peakGoodputPerSecond X(N*), or λ/σ (the limit) when κ = 0 and σ > 0; null when it grows without bound
 * @param threadsForTarget     the fewest whole threads the model says reach the target; null when it never does
 * @param measuredThreads      the thread counts fitted (those within the SLA and the error limit)
 * @param summary              the model in sentences, as every format prints it
 */
@JsonPropertyOrder({"fitted", "reason", "sigma", "kappa", "lambdaPerSecond", "rSquared", "peakThreads",
        "peakGoodputPerSecond", "threadsForTarget", "measuredThreads", "summary"})
public record ScalingModel(boolean fitted, String reason, Double sigma, Double kappa, Double lambdaPerSecond,
                           Double rSquared, Double peakThreads, Double peakGoodputPerSecond,
                           Integer threadsForTarget, List<Integer> measuredThreads, List<String> summary) {

    static ScalingModel none(String reason, List<Integer> measuredThreads) {
        return new ScalingModel(false, reason, null, null, null, null, null, null, null, measuredThreads,
                List.of("No scaling model: " + reason + "."));
    }

    /** The points measured cannot carry a prediction: said where the prediction would be. */
    static ScalingModel notDescribing(String reason, List<Integer> fittedThreads) {
        return new ScalingModel(false, reason, null, null, null, null, null, null, null, fittedThreads,
                List.of("The scaling model does not describe these points: " + reason + ". It predicts nothing."));
    }

    /** The model's goodput at {@code threads}. */
    @JsonIgnore
    public double predictPerSecond(double threads) {
        return UniversalScalabilityLaw.throughput(lambdaPerSecond, sigma, kappa, threads);
    }
}
