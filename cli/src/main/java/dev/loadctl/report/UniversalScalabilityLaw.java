package dev.loadctl.report;

import dev.loadctl.Numbers;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.fitting.leastsquares.ParameterValidator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * Fits Gunther's Universal Scalability Law, X(N) = λN / (1 + σ(N−1) + κN(N−1)), to measured goodput with
 * commons-math3's Levenberg–Marquardt least squares. σ and κ are kept physical (σ in 0..1, κ ≥ 0) by a
 * parameter validator; several starting points guard against a local minimum at a boundary.
 */
final class UniversalScalabilityLaw {

    static final int MIN_THREAD_COUNTS = 3;
    /** Below this R², the curve misses the points by more than it follows them: it predicts nothing. */
    static final double MIN_R_SQUARED = 0.8;
    /**
     * Points at this share of the Little's-law ceiling or above measure the connections, not the server: a
     * model of how threads scale has nothing to fit there.
     */
    static final double AT_CEILING_EFFICIENCY = 0.95;
    private static final double NEGLIGIBLE = 1e-6;

    private static final double[] SIGMA_STARTS = {0.0, 0.05, 0.3};
    private static final double[] KAPPA_STARTS = {0.0, 1e-4, 1e-2};

    private UniversalScalabilityLaw() {
    }

    static double throughput(double lambda, double sigma, double kappa, double threads) {
        return lambda * threads / (1 + sigma * (threads - 1) + kappa * threads * (threads - 1));
    }

    /**
     * @param goodputByThreads mean goodput per distinct thread count
     * @param targetPerSecond  the target the model is asked about
     */
    static ScalingModel fit(SortedMap<Integer, Double> goodputByThreads, double targetPerSecond) {
        return fit(goodputByThreads, targetPerSecond, null);
    }

    /** @param which what the points are, for the summary ("the points within the SLA"); null to say nothing */
    static ScalingModel fit(SortedMap<Integer, Double> goodputByThreads, double targetPerSecond, String which) {
        List<Integer> threads = List.copyOf(goodputByThreads.keySet());
        if (threads.size() < MIN_THREAD_COUNTS) {
            return ScalingModel.none(threads.size() + " distinct thread count" + (threads.size() == 1 ? " was" : "s were")
                    + " measured" + (threads.isEmpty() ? "" : " (" + Numbers.threadList(threads) + ")")
                    + "; the Universal Scalability Law has 3 parameters and needs at least 3", threads);
        }
        double[] n = threads.stream().mapToDouble(Integer::doubleValue).toArray();
        double[] x = goodputByThreads.values().stream().mapToDouble(Double::doubleValue).toArray();
        if (Arrays.stream(x).allMatch(v -> v <= 0)) {
            return ScalingModel.none("goodput was 0 at every thread count, so there is no scaling to model", threads);
        }

        // λ is about the best per-thread goodput; x[0] / n[0] would be 0 when the first point failed.
        double lambdaStart = 0;
        for (int i = 0; i < n.length; i++) {
            lambdaStart = Math.max(lambdaStart, x[i] / n[i]);
        }
        LeastSquaresOptimizer.Optimum best = null;
        for (double sigmaStart : SIGMA_STARTS) {
            for (double kappaStart : KAPPA_STARTS) {
                try {
                    LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer()
                            .optimize(problem(n, x, new double[]{lambdaStart, sigmaStart, kappaStart}));
                    if (best == null || optimum.getRMS() < best.getRMS()) {
                        best = optimum;
                    }
                } catch (MathIllegalStateException e) {
                    // This start did not converge; another one may.
                }
            }
        }
        if (best == null) {
            return ScalingModel.none("the least-squares fit did not converge", threads);
        }
        double[] p = best.getPoint().toArray();
        // The optimizer stops a hair away from a boundary (κ = 1e-17, say): a term that changes the
        // prediction by less than a millionth over the measured range is zero, or N* would be 10^8 threads.
        double highest = n[n.length - 1];
        double sigma = p[1] * (highest - 1) < NEGLIGIBLE ? 0 : p[1];
        double kappa = p[2] * highest * (highest - 1) < NEGLIGIBLE ? 0 : p[2];
        return describe(p[0], sigma, kappa, n, x, threads, targetPerSecond, which);
    }

    private static LeastSquaresProblem problem(double[] n, double[] x, double[] start) {
        MultivariateJacobianFunction model = point -> {
            double lambda = point.getEntry(0);
            double sigma = point.getEntry(1);
            double kappa = point.getEntry(2);
            RealVector value = new ArrayRealVector(n.length);
            Array2DRowRealMatrix jacobian = new Array2DRowRealMatrix(n.length, 3);
            for (int i = 0; i < n.length; i++) {
                double threads = n[i];
                double denominator = 1 + sigma * (threads - 1) + kappa * threads * (threads - 1);
                double predicted = lambda * threads / denominator;
                value.setEntry(i, predicted);
                jacobian.setEntry(i, 0, threads / denominator);
                jacobian.setEntry(i, 1, -predicted * (threads - 1) / denominator);
                jacobian.setEntry(i, 2, -predicted * threads * (threads - 1) / denominator);
            }
            return new Pair<>(value, jacobian);
        };
        ParameterValidator physical = point -> {
            RealVector valid = point.copy();
            valid.setEntry(0, Math.max(valid.getEntry(0), 1e-12));
            valid.setEntry(1, Math.min(Math.max(valid.getEntry(1), 0), 1));
            valid.setEntry(2, Math.max(valid.getEntry(2), 0));
            return valid;
        };
        return new LeastSquaresBuilder()
                .start(start)
                .model(model)
                .target(x)
                .parameterValidator(physical)
                .maxEvaluations(10_000)
                .maxIterations(10_000)
                .build();
    }

    private static ScalingModel describe(double lambda, double sigma, double kappa, double[] n, double[] x,
                                         List<Integer> threads, double target, String which) {
        double mean = Arrays.stream(x).average().orElse(0);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < n.length; i++) {
            residual += Math.pow(x[i] - throughput(lambda, sigma, kappa, n[i]), 2);
            total += Math.pow(x[i] - mean, 2);
        }
        Double rSquared = total == 0 ? null : 1 - residual / total;

        Double peakThreads = null;
        Double peakGoodput = null;
        if (kappa > 0) {
            peakThreads = Math.max(1, Math.sqrt((1 - sigma) / kappa));
            peakGoodput = throughput(lambda, sigma, kappa, peakThreads);
        } else if (sigma > 0) {
            peakGoodput = lambda / sigma;
        }
        Integer threadsForTarget = threadsFor(target, lambda, sigma, kappa);

        int lowest = threads.get(0);
        int highest = threads.get(threads.size() - 1);
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT,
                "Universal Scalability Law fitted to goodput at %s%s: lambda = %s per thread, sigma = %s (contention),"
                        + " kappa = %s (coherency), R^2 = %s.",
                Numbers.threadList(threads), which == null ? "" : " (" + which + ")", Numbers.perSecond(lambda), Numbers.parameter(sigma), Numbers.parameter(kappa),
                rSquared == null ? Numbers.MISSING : String.format(Locale.ROOT, "%.4f", rSquared)));
        if (peakThreads != null) {
            summary.add(String.format(Locale.ROOT, "Predicted peak: %s at %s threads (N* = sqrt((1 - sigma)/kappa)).",
                    Numbers.perSecond(peakGoodput), String.format(Locale.ROOT, "%.1f", peakThreads)));
        } else if (peakGoodput != null) {
            summary.add("No peak: kappa = 0, so goodput rises towards lambda/sigma = " + Numbers.perSecond(peakGoodput)
                    + " as threads are added.");
        } else {
            summary.add("Linear scaling: sigma = kappa = 0, so goodput grows by lambda with every thread.");
        }
        if (threadsForTarget != null) {
            summary.add("The " + Numbers.perSecond(target) + " target would be reached at "
                    + Numbers.threads(threadsForTarget) + ".");
        } else {
            summary.add("The model's peak (" + Numbers.perSecond(peakGoodput) + ") is below the "
                    + Numbers.perSecond(target) + " target: more threads alone will not reach it.");
        }
        summary.add("An extrapolation from the measured range (" + lowest + "-" + highest
                + " threads), not a measurement.");
        if (threads.size() == MIN_THREAD_COUNTS) {
            summary.add("Three thread counts for three parameters: the curve passes through every point by"
                    + " construction, so R^2 says nothing; measure more thread counts to test the model.");
        }
        return new ScalingModel(true, null, sigma, kappa, lambda, rSquared, peakThreads, peakGoodput,
                threadsForTarget, threads, List.copyOf(summary));
    }

    /**
     * The fewest whole threads with X(N) ≥ target: the smaller root of Tκ N² + (Tσ − Tκ − λ) N + T(1 − σ) = 0,
     * rounded up and checked (the roots of a peaked curve can lie between two whole numbers).
     */
    static Integer threadsFor(double target, double lambda, double sigma, double kappa) {
        if (target <= 0) {
            return 1;
        }
        double a = target * kappa;
        double b = target * sigma - target * kappa - lambda;
        double c = target * (1 - sigma);
        double root;
        if (a == 0) {
            if (b >= 0) {
                return null;
            }
            root = -c / b;
        } else {
            double discriminant = b * b - 4 * a * c;
            if (discriminant < 0) {
                return null;
            }
            root = (-b - Math.sqrt(discriminant)) / (2 * a);
        }
        int whole = (int) Math.max(1, Math.ceil(root - 1e-9));
        return throughput(lambda, sigma, kappa, whole) >= target * (1 - 1e-9) ? whole : null;
    }
}
