package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Version;
import dev.loadctl.report.CapacityReport.Parameters;
import dev.loadctl.report.CapacityReport.ProbeRow;
import dev.loadctl.report.CapacityReport.Reason;
import dev.loadctl.report.CapacityReport.ThreadCapacity;
import dev.loadctl.report.CapacityReport.Verdict;
import dev.loadctl.result.CapacityProbe;
import dev.loadctl.result.CapacityProbe.Outcome;
import dev.loadctl.result.CapacityRules;
import dev.loadctl.result.CapacityRules.Judgment;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.Rules;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PointStats;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Judges a capacity search from its result file: every point again by {@link CapacityRules} (the rules the
 * search went by), the capacity per thread count from its final measurement, why the search stopped there
 * (as the search recorded it), the verdict, and the Universal Scalability Law fitted to the capacities.
 */
public final class CapacityReports {

    /** Below this R² the model does not describe the capacities, and no prediction is printed. */
    static final double MIN_R_SQUARED = 0.8;
    static final String INCOMPLETE = "incomplete";

    private CapacityReports() {
    }

    /** Writes the asked-for formats of the capacity report on {@code input}; charts with --html or --charts. */
    static Reporter.Outcome write(LoadedSweep input, Reporter.Request request, PrintWriter out, PrintWriter err) {
        CapacityReport report = of(input, request.overrides());
        Set<ReportFormats.Kind> formats = new LinkedHashSet<>(request.formats());
        if (formats.isEmpty() && !request.charts()) {
            formats.add(ReportFormats.Kind.TEXT);
        }
        Path dir = request.outDir() != null ? request.outDir() : input.outputDir();
        PrintWriter paths = formats.contains(ReportFormats.Kind.MARKDOWN) ? err : out;
        List<Path> written = new ArrayList<>();
        boolean chartsAsked = request.charts() || formats.remove(ReportFormats.Kind.CHARTS);
        List<CapacityCharts.Drawn> charts = chartsAsked || formats.contains(ReportFormats.Kind.HTML)
                ? CapacityCharts.draw(report) : List.of();
        for (ReportFormats.Kind kind : formats) {
            String fileName = switch (kind) {
                case TEXT, MARKDOWN -> null;
                case CSV -> CsvFormat.FILE;
                case JSON -> "report.json";
                case HTML -> HtmlFormat.FILE;
                case CHARTS -> throw new IllegalStateException("charts are drawn below");
            };
            String rendered = switch (kind) {
                case TEXT -> CapacityFormats.text(report);
                case MARKDOWN -> CapacityFormats.markdown(report);
                case CSV -> CapacityFormats.csv(report);
                case JSON -> ResultStore.toJson(report);
                case HTML -> CapacityFormats.html(report, charts);
                case CHARTS -> throw new IllegalStateException("charts are drawn below");
            };
            if (fileName == null) {
                out.print(rendered);
            } else {
                written.add(Reporter.write(dir.resolve(fileName), rendered.getBytes(StandardCharsets.UTF_8)));
                paths.println(kind.name().toLowerCase(Locale.ROOT) + ": " + written.get(written.size() - 1));
            }
        }
        List<Path> chartFiles = new ArrayList<>();
        for (CapacityCharts.Drawn chart : charts) {
            chartFiles.add(Reporter.write(dir.resolve(chart.fileStem() + ".png"), chart.png()));
            chartFiles.add(Reporter.write(dir.resolve(chart.fileStem() + ".svg"), chart.svg()));
        }
        if (!chartFiles.isEmpty()) {
            written.addAll(chartFiles);
            paths.println("charts: " + chartFiles.get(0).getParent() + "/{" + String.join(",", chartFiles.stream()
                    .map(path -> path.getFileName().toString()).toList()) + "}");
        }
        out.flush();
        err.flush();
        return new Reporter.Outcome(null, List.copyOf(written));
    }

    /** The report on one capacity result. {@code --target-rps} changes the verdict; the SLA is the search's. */
    public static CapacityReport of(LoadedSweep input, Overrides overrides) {
        SweepResult result = input.sweep();
        CapacitySetup setup = result.capacity();
        if (setup == null) {
            throw new LoadctlException(ExitCode.BAD_INPUT, input.source() + " is a capacity result without its"
                    + " 'capacity' section (the search's settings): it was not written by loadctl capacity");
        }
        SweepResult.SweepParameters recorded = result.parameters();
        List<String> notes = new ArrayList<>(input.notes());
        double target = recorded.targetRps();
        if (overrides.targetRps() != null && overrides.targetRps() != target) {
            notes.add("target " + Numbers.rate(overrides.targetRps()) + " req/s from --target-rps (the search"
                    + " recorded " + Numbers.rate(target) + " req/s; it searched the same either way)");
            target = overrides.targetRps();
        }
        if (overrides.slaP99Ms() != null || overrides.delayMs() != null) {
            notes.add("--sla-p99 and --delay do not apply to a capacity search: its probes were chosen by the"
                    + " recorded SLA (" + Numbers.ms(recorded.slaP99Ms()) + " ms) and delay, so they judge it");
        }
        Parameters parameters = new Parameters(target, recorded.slaP99Ms(), setup.maxErrorRate(), recorded.delayMs(),
                recorded.threads() == null ? List.of() : List.copyOf(recorded.threads()), recorded.wrkThreads(),
                setup.startConnections(), Rules.connectionsFor(target, recorded.delayMs()), setup.headroom(),
                setup.growthFactor(), setup.resolution(), setup.connectionLimit().connections(),
                setup.connectionLimit().text(), setup.probeDurationSeconds(), setup.probeWarmupSeconds(),
                setup.serverWarmupSeconds(), setup.confirmDurationSeconds(), setup.confirmIterations(), recorded.url(), recorded.target(),
                recorded.overrides());

        List<Point> points = result.points();
        List<Judgment> judgments = points.stream().map(point -> CapacityRules.judge(point, parameters.slaP99Ms(),
                parameters.maxErrorRate(), parameters.delayMs())).toList();
        List<Integer> disagreeing = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).capacity() != null && points.get(i).capacity().passed() != judgments.get(i).passed()) {
                disagreeing.add(i + 1);
            }
        }
        if (!disagreeing.isEmpty()) {
            notes.add("the search recorded another judgment than its runs give for point(s) " + disagreeing
                    + " (was the file edited?): this report judges from the runs");
        }

        List<Integer> threadCounts = threadCounts(parameters.threadsPlanned(), points);
        List<ThreadCapacity> capacities = new ArrayList<>();
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int threads : threadCounts) {
            capacities.add(capacity(threads, points, judgments, result, parameters, chosen));
        }
        List<ProbeRow> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            rows.add(row(i, points.get(i), judgments.get(i), chosen.contains(i)));
        }
        ScalingModel model = model(capacities, parameters);
        return new CapacityReport(Report.REPORT_VERSION, Version.get(), input.source(), result.profile(),
                result.kind(), result.startedAt(), result.finishedAt(), result.complete(), completeness(result, rows),
                verdict(capacities, parameters, result), parameters, List.copyOf(capacities), List.copyOf(rows), model,
                List.copyOf(notes), result.environment(),
                result.preflight() == null ? List.of() : List.copyOf(result.preflight()));
    }

    private static List<Integer> threadCounts(List<Integer> planned, List<Point> points) {
        Set<Integer> threads = new LinkedHashSet<>(planned);
        points.forEach(point -> threads.add(point.threads()));
        return List.copyOf(threads);
    }

    /**
     * The capacity at one thread count: its final measurement when that met the SLA, otherwise the best probe
     * that did (unconfirmed), otherwise none. Why the search stopped is what it recorded on its last point.
     */
    private static ThreadCapacity capacity(int threads, List<Point> points, List<Judgment> judgments,
                                           SweepResult result, Parameters p, Set<Integer> chosen) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).threads() == threads) {
                indexes.add(i);
            }
        }
        if (indexes.isEmpty() && result.failures().stream().noneMatch(f -> f.threads() == threads)) {
            return new ThreadCapacity(threads, CapacityReport.NOT_SEARCHED, null, null, null, null, null, null, 0,
                    null, null, false, 0, new Reason(threads, INCOMPLETE, null, "not searched: the search stopped"
                    + " before it reached " + Numbers.threads(threads) + stoppedBecause(result)));
        }
        Integer pick = null;
        String status = CapacityReport.NONE;
        Integer lastFinal = null;
        for (int i : indexes) {
            if (CapacityProbe.FINAL.equals(role(points.get(i)))) {
                lastFinal = i;
            }
        }
        if (lastFinal != null && judgments.get(lastFinal).passed()) {
            pick = lastFinal;
            status = CapacityReport.CONFIRMED;
        } else {
            for (int i : indexes) {
                if (judgments.get(i).passed() && (pick == null || goodput(points.get(i)) > goodput(points.get(pick)))) {
                    pick = i;
                }
            }
            status = pick == null ? CapacityReport.NONE : CapacityReport.UNCONFIRMED;
        }
        Outcome outcome = null;
        for (int i : indexes) {
            CapacityProbe probe = points.get(i).capacity();
            if (probe != null && probe.outcome() != null) {
                outcome = probe.outcome();
            }
        }
        // A probe that could not be measured is not a point: the engine saved it among the failures.
        SweepResult.PointFailure failed = result.failures().stream().filter(f -> f.threads() == threads)
                .reduce((first, second) -> second).orElse(null);
        Reason stop = outcome != null ? new Reason(threads, outcome.stop(), outcome.cause(), words(outcome))
                : failed != null ? new Reason(threads, Outcome.PROBE_FAILED, null, "the probe at "
                + Numbers.count(failed.connections()) + " connections could not be measured: " + failed.reason())
                : new Reason(threads, INCOMPLETE, null, "the search was stopped before it ended here"
                + stoppedBecause(result));
        if (pick == null) {
            return new ThreadCapacity(threads, status, null, null, null, null, null, null, 0, null, null, false,
                    indexes.size(), stop);
        }
        chosen.add(pick);
        Point point = points.get(pick);
        PointStats stats = point.stats();
        Double capacity = stats.goodputPerSecond().mean();
        boolean meets = CapacityReport.CONFIRMED.equals(status) && capacity != null && capacity >= p.targetRps();
        return new ThreadCapacity(threads, status, capacity, stats.goodputPerSecond().error(), point.connections(),
                stats.latencyP50Ms().mean(), stats.latencyP99Ms().mean(), stats.errorRate().mean(),
                point.iterations().size(), stats.serverCores().mean(), stats.wrkCores().mean(), meets, indexes.size(),
                stop);
    }

    private static ProbeRow row(int index, Point point, Judgment judgment, boolean chosen) {
        PointStats stats = point.stats();
        CapacityProbe probe = point.capacity();
        return new ProbeRow(index + 1, point.threads(), point.connections() == null ? 0 : point.connections(),
                role(point), probe == null ? null : probe.step(), point.iterations().size(),
                stats.goodputPerSecond().mean(), stats.goodputPerSecond().error(), stats.latencyP50Ms().mean(),
                stats.latencyP99Ms().mean(), stats.errorRate().mean(), stats.serverCores().mean(),
                stats.wrkCores().mean(), stats.wrkSaturated(), point.littlesLawCeilingPerSecond(), judgment.passed(),
                judgment.cause(), judgment.passed() ? null : judgment.text(), chosen,
                probe == null ? null : probe.decision(), probe == null ? null : probe.pooled());
    }

    private static String role(Point point) {
        return point.capacity() == null ? CapacityProbe.PROBE : point.capacity().role();
    }

    private static double goodput(Point point) {
        return Objects.requireNonNullElse(point.stats().goodputPerSecond().mean(), 0.0);
    }

    private static String stoppedBecause(SweepResult result) {
        return result.stopReason() == null ? "" : " (" + result.stopReason() + ")";
    }

    private static String completeness(SweepResult result, List<ProbeRow> rows) {
        return result.complete() ? "complete" : "incomplete: " + (result.stopReason() == null ? "stopped early"
                : result.stopReason()) + " (" + rows.size() + " probe" + (rows.size() == 1 ? "" : "s") + " saved)";
    }

    // ------------------------------------------------------------------------------------------- verdict

    /**
     * REACHED at the fewest threads whose confirmed capacity is at least the target; otherwise NOT REACHED with
     * the best capacity found and why the search stopped at each thread count.
     */
    static Verdict verdict(List<ThreadCapacity> capacities, Parameters p, SweepResult result) {
        for (ThreadCapacity capacity : capacities) {
            if (capacity.meetsTarget()) {
                return new Verdict(SweepReport.Verdict.REACHED, true, capacity.threads(), "REACHED with "
                        + Numbers.threads(capacity.threads()) + ": capacity " + capacityText(capacity, false) + ".",
                        List.of());
            }
        }
        ThreadCapacity best = null;
        for (ThreadCapacity capacity : capacities) {
            if (capacity.capacityPerSecond() != null && (best == null
                    || rank(capacity) > rank(best))) {
                best = capacity;
            }
        }
        String headline;
        if (best == null) {
            List<Integer> searched = capacities.stream().filter(c -> !CapacityReport.NOT_SEARCHED.equals(c.status()))
                    .map(ThreadCapacity::threads).toList();
            headline = "NOT REACHED: " + (searched.isEmpty() ? "nothing was measured"
                    : "no load met the SLA (p99 within " + Numbers.ms(p.slaP99Ms()) + " ms, errors at most "
                    + Numbers.percent(p.maxErrorRate()) + ") at " + Numbers.threadList(searched)) + ".";
        } else {
            headline = "NOT REACHED: the best capacity found was " + capacityText(best, true)
                    + (CapacityReport.UNCONFIRMED.equals(best.status())
                    ? " in one probe, which no final measurement confirmed;" : ",") + " "
                    + Numbers.percent(best.capacityPerSecond() / p.targetRps()) + " of the "
                    + Numbers.rate(p.targetRps()) + " req/s target.";
        }
        List<Reason> reasons = new ArrayList<>();
        double ceiling = Rules.littlesLawCeilingPerSecond(p.connectionLimit(), p.delayMs());
        if (ceiling < p.targetRps()) {
            reasons.add(new Reason(null, Outcome.CONNECTION_LIMIT, null, "the connection limit, "
                    + Numbers.count(p.connectionLimit()) + " (" + p.connectionLimitText() + "), allows at most "
                    + Numbers.rate(ceiling) + " req/s by Little's law (connections / " + Numbers.ms(p.delayMs())
                    + " ms), below the target; it takes at least " + Numbers.count(p.connectionsForTarget())
                    + " connections"));
        }
        for (ThreadCapacity capacity : capacities) {
            String found = capacity.capacityPerSecond() == null ? ""
                    : "capacity " + Numbers.rate(capacity.capacityPerSecond()) + "/s ("
                    + Numbers.percent(capacity.capacityPerSecond() / p.targetRps()) + " of the target)"
                    + (CapacityReport.UNCONFIRMED.equals(capacity.status()) ? ", not confirmed" : "") + "; ";
            Reason stop = capacity.stop();
            reasons.add(new Reason(capacity.threads(), stop.stop(), stop.cause(), Numbers.threads(capacity.threads())
                    + ": " + found + stop.text()));
        }
        return new Verdict(SweepReport.Verdict.NOT_REACHED, false, null, headline, List.copyOf(reasons));
    }

    /** Confirmed capacities outrank unconfirmed ones; then the larger. */
    private static double rank(ThreadCapacity capacity) {
        double value = capacity.capacityPerSecond();
        return CapacityReport.CONFIRMED.equals(capacity.status()) ? value + 1e12 : value;
    }

    /** "23,912 ± 512 2xx/s [with 2 threads] at 5,180 connections (p99 222 ms)". */
    static String capacityText(ThreadCapacity capacity, boolean withThreads) {
        return Numbers.rate(capacity.capacityPerSecond())
                + (capacity.capacityErrorPerSecond() == null ? ""
                : " ± " + Numbers.rate(capacity.capacityErrorPerSecond()))
                + " 2xx/s" + (withThreads ? " with " + Numbers.threads(capacity.threads()) : "") + " at "
                + Numbers.count(capacity.connections()) + " connections (p99 " + Numbers.ms(capacity.latencyP99Ms())
                + " ms)";
    }

    /** How a search ended, in words: what failed at the edge first, then the search's own account. */
    static String words(Outcome outcome) {
        String cause = outcome.cause() == null ? null : switch (outcome.cause()) {
            case CapacityRules.QUEUEING -> "p99 over the SLA from queueing";
            case CapacityRules.CPU_FULL -> "p99 over the SLA with the CPU full";
            case CapacityRules.LATENCY -> "p99 over the SLA";
            case CapacityRules.ERRORS -> "errors over the limit";
            case CapacityRules.WRK_SATURATED -> "the load generator saturated";
            case CapacityRules.LATENCY_UNKNOWN -> "p99 unknown";
            default -> outcome.cause();
        };
        // A search that found no pass says what failed in its own text.
        return cause == null || Outcome.NO_PASS.equals(outcome.stop()) ? outcome.text() : cause + ": " + outcome.text();
    }

    // ------------------------------------------------------------------------------------ scaling model

    /**
     * The USL fitted to the capacities (goodput within the SLA), never to goodput over it. No prediction where
     * it cannot mean anything: fewer than 3 thread counts with a capacity, capacities that are all the
     * connection limit's Little's-law ceiling rather than the server's, or a poor fit.
     */
    static ScalingModel model(List<ThreadCapacity> capacities, Parameters p) {
        List<ThreadCapacity> found = capacities.stream().filter(c -> c.capacityPerSecond() != null).toList();
        List<Integer> threads = found.stream().map(ThreadCapacity::threads).toList();
        List<ThreadCapacity> atCeiling = found.stream()
                .filter(c -> Outcome.CONNECTION_LIMIT.equals(c.stop().stop())).toList();
        if (!found.isEmpty() && atCeiling.size() == found.size()) {
            return ScalingModel.none("every capacity sits at the Little's-law ceiling of the connection limit ("
                    + Numbers.count(p.connectionLimit()) + " connections / " + Numbers.ms(p.delayMs()) + " ms = "
                    + Numbers.rate(Rules.littlesLawCeilingPerSecond(p.connectionLimit(), p.delayMs()))
                    + " req/s): the limit set them, not the threads, so the model does not describe these points",
                    threads);
        }
        SortedMap<Integer, Double> byThreads = new TreeMap<>();
        found.stream().filter(c -> !atCeiling.contains(c))
                .forEach(c -> byThreads.put(c.threads(), c.capacityPerSecond()));
        if (byThreads.size() < UniversalScalabilityLaw.MIN_THREAD_COUNTS) {
            return ScalingModel.none("capacities were found at " + (byThreads.isEmpty() ? "no thread count"
                    : Numbers.threadList(List.copyOf(byThreads.keySet()))) + (atCeiling.isEmpty() ? ""
                    : " below the connection limit's ceiling") + "; the Universal Scalability Law has 3 parameters"
                    + " and needs at least 3, so the model does not describe these points", threads);
        }
        ScalingModel fitted = UniversalScalabilityLaw.fit(byThreads, p.targetRps());
        if (!fitted.fitted()) {
            return fitted;
        }
        if (fitted.rSquared() == null || fitted.rSquared() < MIN_R_SQUARED) {
            return ScalingModel.none(String.format(Locale.ROOT, "the model does not describe these points: fitted"
                    + " to the capacities at %s it explains R^2 = %s of their variance (below %.1f), so it predicts"
                    + " nothing", Numbers.threadList(List.copyOf(byThreads.keySet())), fitted.rSquared() == null
                    ? Numbers.MISSING : String.format(Locale.ROOT, "%.2f", fitted.rSquared()), MIN_R_SQUARED),
                    List.copyOf(byThreads.keySet()));
        }
        List<String> summary = new ArrayList<>(fitted.summary());
        summary.set(0, String.format(Locale.ROOT, "Universal Scalability Law fitted to the capacities (goodput"
                        + " within the SLA) at %s: lambda = %s req/s per thread, sigma = %s (contention), kappa = %s"
                        + " (coherency), R^2 = %.4f.", Numbers.threadList(List.copyOf(byThreads.keySet())),
                Numbers.rate(fitted.lambdaPerSecond()), Numbers.parameter(fitted.sigma()),
                Numbers.parameter(fitted.kappa()), fitted.rSquared()));
        return new ScalingModel(true, null, fitted.sigma(), fitted.kappa(), fitted.lambdaPerSecond(),
                fitted.rSquared(), fitted.peakThreads(), fitted.peakGoodputPerSecond(), fitted.threadsForTarget(),
                fitted.measuredThreads(), List.copyOf(summary));
    }
}
