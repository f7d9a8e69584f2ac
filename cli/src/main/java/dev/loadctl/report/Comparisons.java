package dev.loadctl.report;

import dev.loadctl.Numbers;
import dev.loadctl.report.SweepReport.Parameters;
import dev.loadctl.report.SweepReport.PointRow;
import dev.loadctl.result.Rules;
import dev.loadctl.result.SweepResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares two sweeps per thread count. A point within the p99 SLA and the error limit beats one that is
 * not, whatever their goodput: more goodput bought with latency over the SLA is not a better server. Where
 * neither is within them, goodput still decides, and the row says that neither meets them. Before any of it,
 * the comparison warns of every way the two runs differ besides the server under test.
 */
final class Comparisons {

    private Comparisons() {
    }

    static Comparison of(SweepReport a, SweepReport b) {
        Map<Integer, PointRow> rowsA = byThreads(a.points());
        Map<Integer, PointRow> rowsB = byThreads(b.points());
        TreeSet<Integer> threads = new TreeSet<>(rowsA.keySet());
        threads.addAll(rowsB.keySet());
        List<Comparison.Row> rows = new ArrayList<>();
        List<Integer> neitherWithin = new ArrayList<>();
        for (int n : threads) {
            PointRow rowA = rowsA.get(n);
            PointRow rowB = rowsB.get(n);
            rows.add(row(n, rowA, a.parameters(), rowB, b.parameters()));
            if (rowA != null && rowB != null && !withinSla(rowA, a.parameters()) && !withinSla(rowB, b.parameters())) {
                neitherWithin.add(n);
            }
        }
        List<Comparison.Row> shared = rows.stream()
                .filter(row -> !Comparison.ONLY_A.equals(row.better()) && !Comparison.ONLY_B.equals(row.better()))
                .toList();
        // Wins where neither point meets the SLA say nothing about which server serves the target better.
        List<Comparison.Row> judged = shared.stream().filter(row -> !neitherWithin.contains(row.threads())).toList();
        long betterA = judged.stream().filter(row -> Comparison.BETTER_A.equals(row.better())).count();
        long betterB = judged.stream().filter(row -> Comparison.BETTER_B.equals(row.better())).count();
        List<String> summary = new ArrayList<>();
        summary.add("A = " + a.source() + " (" + a.title() + "), B = " + b.source() + " (" + b.title() + ").");
        if (shared.isEmpty()) {
            summary.add("The two sweeps share no thread count, so they cannot be compared point by point.");
        } else if (judged.isEmpty()) {
            long goodputA = shared.stream().filter(row -> Comparison.BETTER_A.equals(row.better())).count();
            long goodputB = shared.stream().filter(row -> Comparison.BETTER_B.equals(row.better())).count();
            summary.add("Neither is better: neither A nor B is within the p99 SLA and the error limit at any shared"
                    + " thread count; on goodput alone B leads at " + goodputB + " and A at " + goodputA + " of "
                    + shared.size() + ", which says nothing about serving the target.");
        } else {
            String overall = betterB > betterA ? "B is better" : betterA > betterB ? "A is better" : "Neither is better";
            summary.add(overall + ": B wins at " + betterB + " and A at " + betterA + " of " + judged.size()
                    + " shared thread counts where at least one is within the p99 SLA and the error limit (a point"
                    + " within them beats one that is not; otherwise differences under "
                    + Numbers.percent(Comparison.NOISE_SHARE) + " or within the error bars count as the same)"
                    + (neitherWithin.isEmpty() ? "." : "; at " + Numbers.threadList(neitherWithin)
                    + " neither is within them."));
        }
        summary.add("Verdicts: A " + a.verdict().status() + ", B " + b.verdict().status() + ".");
        return new Comparison(a.source(), b.source(), differences(a, b), List.copyOf(summary), List.copyOf(rows));
    }

    /** Everything but the server that differs between the runs, each with both values. */
    static List<String> differences(SweepReport a, SweepReport b) {
        Parameters pa = a.parameters();
        Parameters pb = b.parameters();
        List<String> differences = new ArrayList<>();
        if (pa.connections() != pb.connections()) {
            differences.add("connections: A " + Numbers.count(pa.connections()) + ", B " + Numbers.count(pb.connections())
                    + " (Little's-law ceilings " + Numbers.perSecond(pa.littlesLawCeilingPerSecond()) + " and "
                    + Numbers.perSecond(pb.littlesLawCeilingPerSecond()) + ")");
        }
        if (Math.abs(pa.durationSeconds() - pb.durationSeconds()) >= 0.5) {
            differences.add("duration: A " + seconds(pa.durationSeconds()) + ", B " + seconds(pb.durationSeconds()));
        }
        if (pa.delayMs() != pb.delayMs()) {
            differences.add("handler delay: A " + Numbers.millis(pa.delayMs()) + ", B " + Numbers.millis(pb.delayMs()));
        }
        if (pa.targetRps() != pb.targetRps() || pa.slaP99Ms() != pb.slaP99Ms()) {
            differences.add("target: A " + Numbers.perSecond(pa.targetRps()) + " within " + Numbers.millis(pa.slaP99Ms())
                    + ", B " + Numbers.perSecond(pb.targetRps()) + " within " + Numbers.millis(pb.slaP99Ms()));
        }
        if (isServer(a) && isServer(b) && !Objects.equals(pa.target(), pb.target())) {
            differences.add("server: A " + pa.target() + ", B " + pb.target());
        }
        String wrkA = wrkThreads(a);
        String wrkB = wrkThreads(b);
        if (!wrkA.equals(wrkB)) {
            differences.add("wrk -t: A " + wrkA + ", B " + wrkB);
        }
        SweepResult.Environment ea = a.environment();
        SweepResult.Environment eb = b.environment();
        if (ea == null != (eb == null)) {
            differences.add("machine: only " + (ea == null ? "B" : "A") + " recorded where it ran, so the machines"
                    + " cannot be compared");
        } else if (ea != null) {
            List<String> machine = new ArrayList<>();
            differ(machine, "CPU", ea.cpuModel(), eb.cpuModel());
            differ(machine, "cores", ea.cpuCount(), eb.cpuCount());
            differ(machine, "host", ea.hostname(), eb.hostname());
            if (!machine.isEmpty()) {
                differences.add("machine: " + String.join("; ", machine));
            }
        }
        return List.copyOf(differences);
    }

    private static void differ(List<String> out, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(what + " A " + (a == null ? Numbers.MISSING : a) + ", B " + (b == null ? Numbers.MISSING : b));
        }
    }

    /** Single runs assembled into a sweep do not know their server. */
    private static boolean isServer(SweepReport sweep) {
        return !SweepReport.KIND_SINGLE_RUNS.equals(sweep.kind()) && sweep.parameters().target() != null;
    }

    /** wrk's -t as the points ran it: "the server's threads" when it followed them. */
    private static String wrkThreads(SweepReport sweep) {
        Integer fixed = sweep.parameters().wrkThreads();
        if (fixed != null) {
            return String.valueOf(fixed);
        }
        boolean followed = sweep.points().stream().allMatch(row -> row.wrkThreads() == row.threads());
        return followed ? "the server's threads" : sweep.points().stream()
                .map(row -> row.threads() + ": " + row.wrkThreads()).collect(Collectors.joining(", "));
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    private static boolean withinSla(PointRow row, Parameters p) {
        return ReportBuilder.isWithinSla(row, p);
    }

    private static Map<Integer, PointRow> byThreads(List<PointRow> rows) {
        Map<Integer, PointRow> map = new TreeMap<>();
        rows.forEach(row -> map.putIfAbsent(row.threads(), row));
        return map;
    }

    private static Comparison.Row row(int threads, PointRow a, Parameters pa, PointRow b, Parameters pb) {
        Double goodputA = a == null ? null : a.goodputPerSecond();
        Double goodputB = b == null ? null : b.goodputPerSecond();
        Double p99A = a == null ? null : a.latencyP99Ms();
        Double p99B = b == null ? null : b.latencyP99Ms();
        Double ratio = goodputA == null || goodputB == null || goodputA == 0 ? null : goodputB / goodputA;
        Double p99Change = p99A == null || p99B == null ? null : p99B - p99A;
        if (a == null || b == null) {
            return new Comparison.Row(threads, goodputA, goodputB, ratio, p99A, p99B, p99Change,
                    a == null ? Comparison.ONLY_B : Comparison.ONLY_A, "measured in one sweep only");
        }
        boolean withinA = withinSla(a, pa);
        boolean withinB = withinSla(b, pb);
        double goodA = goodputA == null ? 0 : goodputA;
        double goodB = goodputB == null ? 0 : goodputB;
        String goodput = ratio == null ? "goodput from " + Numbers.perSecond(goodA) + " to " + Numbers.perSecond(goodB)
                : "goodput ratio " + Numbers.ratio(ratio);
        String better;
        String why;
        if (withinA != withinB) {
            better = withinA ? Comparison.BETTER_A : Comparison.BETTER_B;
            why = (withinA ? "B " : "A ") + misses(withinA ? b : a, withinA ? pb : pa) + "; "
                    + (withinA ? "A" : "B") + " is within the SLA and the error limit (" + goodput + ")";
        } else {
            String prefix = withinA ? "" : "neither is within the SLA and the error limit; ";
            if (goodA == 0 && goodB == 0) {
                better = Comparison.NEITHER;
                why = prefix + "no timely 2xx in either";
            } else if (differs(goodA, goodB, errorOf(a) + errorOf(b))) {
                better = goodB > goodA ? Comparison.BETTER_B : Comparison.BETTER_A;
                why = prefix + goodput;
            } else if (p99Change != null && differs(p99A, p99B, 0)) {
                better = p99Change < 0 ? Comparison.BETTER_B : Comparison.BETTER_A;
                why = prefix + "same goodput; p99 " + (p99Change < 0 ? "" : "+") + Numbers.millis(p99Change);
            } else {
                better = Comparison.SAME;
                why = prefix + "goodput and p99 within noise";
            }
        }
        return new Comparison.Row(threads, goodputA, goodputB, ratio, p99A, p99B, p99Change, better, why);
    }

    /** How a point misses the SLA or the error limit, with its figures. */
    private static String misses(PointRow row, Parameters p) {
        List<String> how = new ArrayList<>();
        if (row.latencyP99Ms() == null) {
            how.add("has no p99");
        } else if (Rules.isOverSla(row.latencyP99Ms(), p.slaP99Ms())) {
            how.add("misses the " + Numbers.millis(p.slaP99Ms()) + " SLA by " + Numbers.millis(row.latencyP99Ms() - p.slaP99Ms()));
        }
        if (row.errorRate() == null || !Rules.isWithinErrorLimit(row.errorRate())) {
            how.add("has " + Numbers.percent(row.errorRate()) + " errors");
        }
        return String.join(" and ", how);
    }

    private static double errorOf(PointRow row) {
        return row.goodputErrorPerSecond() == null ? 0 : row.goodputErrorPerSecond();
    }

    /** Different beyond both the noise share and the combined error bars. */
    private static boolean differs(double a, double b, double errorBars) {
        double difference = Math.abs(b - a);
        return difference > Comparison.NOISE_SHARE * Math.max(Math.abs(a), Math.abs(b)) && difference > errorBars;
    }
}
