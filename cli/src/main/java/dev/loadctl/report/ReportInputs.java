package dev.loadctl.report;

import dev.loadctl.Numbers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.Rules;
import dev.loadctl.result.Statistics;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.WrkResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what {@code loadctl report} is given: sweep folders, sweep result.json files, or single-run JSON
 * files from {@code loadctl parse/run} (several of which become one sweep, a point per wrk thread count).
 */
final class ReportInputs {

    /** Where {@code loadctl sweep} points at its newest sweep. */
    static final Path DEFAULT_INPUT = Path.of("reports", "latest");
    static final String RESULT_FILE = "result.json";
    /** Where benches of result schema 1 kept their summary, beside one sweep folder per target and -c. */
    static final String OLD_BENCH_FILE = "bench.json";

    private ReportInputs() {
    }

    /** One sweep, two sweeps to compare, or one sweep assembled from single runs. */
    static List<LoadedSweep> load(List<Path> paths, Overrides overrides) {
        boolean defaulted = paths.isEmpty();
        List<Path> inputs = defaulted ? List.of(DEFAULT_INPUT) : paths;
        List<LoadedSweep> sweeps = new ArrayList<>();
        List<Path> runFiles = new ArrayList<>();
        List<WrkResult> runs = new ArrayList<>();
        for (Path input : inputs) {
            Path file = resultFile(input, defaulted);
            JsonNode tree = ResultStore.readTree(file);
            if (tree.has("points")) {
                ResultValidator.checkSweep(file, tree);
            }
            String kind = tree.path("kind").asText();
            if (tree.has("points") && (SweepResult.KIND_BENCH.equals(kind) || SweepResult.KIND_CAPACITY.equals(kind))) {
                // A bench's table and a capacity search's answer each stand alone: neither is compared.
                if (inputs.size() > 1) {
                    throw new LoadctlException(ExitCode.USAGE, file + " is a " + kind + ": report it on its own");
                }
                List<String> notes = new ArrayList<>();
                SweepResult result = withStatisticsFromIterations(ResultStore.sweepOf(file, tree), notes);
                return List.of(new LoadedSweep(result, describe(input), kind, SweepReport.SERVER_THREADS,
                        parentOf(file), List.copyOf(notes)));
            } else if (tree.has("points")) {
                List<String> notes = new ArrayList<>();
                SweepResult sweep = withStatisticsFromIterations(ResultStore.sweepOf(file, tree), notes);
                sweeps.add(new LoadedSweep(sweep, describe(input), SweepReport.KIND_SWEEP,
                        SweepReport.SERVER_THREADS, parentOf(file), List.copyOf(notes)));
            } else if (tree.has("rawOutput")) {
                ResultValidator.checkRun(file, tree);
                runs.add(ResultStore.runOf(file, tree));
                runFiles.add(file);
            } else {
                throw new LoadctlException(ExitCode.BAD_INPUT, file + " is not a loadctl result: it has neither"
                        + " 'points' (a sweep) nor 'rawOutput' (a run from 'loadctl parse' or 'loadctl run')");
            }
        }
        if (!sweeps.isEmpty() && !runs.isEmpty()) {
            throw new LoadctlException(ExitCode.USAGE, "cannot mix sweeps and single wrk runs in one report:"
                    + " report the sweep, or the run files, on their own");
        }
        if (!runs.isEmpty()) {
            return List.of(assemble(runFiles, runs, overrides));
        }
        if (sweeps.size() > 2) {
            throw new LoadctlException(ExitCode.USAGE, "a report covers one sweep, or compares two; got "
                    + sweeps.size() + " (name the baseline first, then the candidate)");
        }
        return sweeps;
    }

    private static Path resultFile(Path input, boolean defaulted) {
        if (!Files.exists(input)) {
            if (defaulted) {
                throw new LoadctlException(ExitCode.BAD_INPUT, "no sweep at " + DEFAULT_INPUT + " yet: run"
                        + " 'loadctl sweep' first, or name a sweep folder, a result.json or run JSON files");
            }
            throw new LoadctlException(ExitCode.BAD_INPUT, input + " does not exist: name a sweep folder"
                    + " (reports/<stamp>-<profile>), its result.json, or JSON files from 'loadctl parse'");
        }
        if (Files.isDirectory(input)) {
            Path file = input.resolve(RESULT_FILE);
            if (!Files.isRegularFile(file) && Files.isRegularFile(input.resolve(OLD_BENCH_FILE))) {
                throw new LoadctlException(ExitCode.BAD_INPUT, input + " is a bench written by an older loadctl"
                        + " (bench.json, schema 1), which this one does not read: report its sub-folders,"
                        + " each a sweep (loadctl report " + input + "/<target>-c<connections>), or run the bench"
                        + " again");
            }
            if (!Files.isRegularFile(file)) {
                throw new LoadctlException(ExitCode.BAD_INPUT, input + " has no " + RESULT_FILE + ": name a sweep"
                        + " folder written by 'loadctl sweep' (reports/<stamp>-<profile>)");
            }
            return file;
        }
        return input;
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    /** The path as the user named it, and where a link such as reports/latest leads. */
    private static String describe(Path input) {
        if (Files.isSymbolicLink(input)) {
            try {
                return input + " (now " + input.toRealPath().getFileName() + ")";
            } catch (IOException e) {
                return input.toString();
            }
        }
        return input.toString();
    }

    /**
     * Each point's statistics recomputed from its iterations, which hold wrk's own numbers: a file's saved
     * statistics are a summary anyone could have edited, and the report must say what was measured.
     */
    private static SweepResult withStatisticsFromIterations(SweepResult sweep, List<String> notes) {
        List<Integer> disagreeing = new ArrayList<>();
        List<SweepResult.Point> points = sweep.points().stream().map(point -> {
            SweepResult.PointStats fresh = Statistics.pointStats(point.iterations());
            if (point.stats() != null && !agree(point.stats(), fresh)) {
                disagreeing.add(point.threads());
            }
            return point.withStats(fresh);
        }).toList();
        if (!disagreeing.isEmpty()) {
            notes.add("the statistics saved for " + Numbers.threadList(disagreeing) + " disagree with the wrk runs"
                    + " saved beside them (was the file edited?): this report is computed from the runs");
        }
        return new SweepResult(sweep.schemaVersion(), sweep.kind(), sweep.loadctlVersion(), sweep.profile(),
                sweep.startedAt(), sweep.finishedAt(), sweep.complete(), sweep.stopReason(), sweep.parameters(),
                sweep.bench(), sweep.environment(), sweep.preflight(), points, sweep.failures(), sweep.capacity());
    }

    private static boolean agree(SweepResult.PointStats saved, SweepResult.PointStats fresh) {
        return saved.wrkSaturated() == fresh.wrkSaturated()
                && agree(saved.goodputPerSecond(), fresh.goodputPerSecond())
                && agree(saved.requestsPerSecond(), fresh.requestsPerSecond())
                && agree(saved.latencyP50Ms(), fresh.latencyP50Ms())
                && agree(saved.latencyP99Ms(), fresh.latencyP99Ms())
                && agree(saved.latencyMaxMs(), fresh.latencyMaxMs())
                && agree(saved.errorRate(), fresh.errorRate())
                && agree(saved.serverCores(), fresh.serverCores())
                && agree(saved.wrkCores(), fresh.wrkCores());
    }

    /** The same count and mean (to rounding); an estimate the file does not hold has nothing to disagree with. */
    private static boolean agree(SweepResult.Estimate saved, SweepResult.Estimate fresh) {
        if (saved == null) {
            return true;
        }
        if (saved.n() == 0) {
            return fresh.n() == 0;
        }
        if (saved.n() != fresh.n() || saved.mean() == null || fresh.mean() == null) {
            return saved.n() == fresh.n() && Objects.equals(saved.mean(), fresh.mean());
        }
        return Math.abs(saved.mean() - fresh.mean()) <= 1e-9 * Math.max(1, Math.abs(fresh.mean()));
    }

    /**
     * Single runs become one sweep: one point per thread count (runs with the same count are its
     * iterations). A run from {@code loadctl run --threads N} records the server's thread count and is
     * keyed by it; a parsed saved output does not, and is keyed by wrk's -t, as the origin's runs were
     * (-t1 and -t4 against one uvicorn).
     */
    static LoadedSweep assemble(List<Path> files, List<WrkResult> runs, Overrides overrides) {
        double target = Objects.requireNonNullElse(overrides.targetRps(), Overrides.DEFAULT_TARGET_RPS);
        double sla = Objects.requireNonNullElse(overrides.slaP99Ms(), Overrides.DEFAULT_SLA_P99_MS);
        double delay = Objects.requireNonNullElse(overrides.delayMs(), Overrides.DEFAULT_DELAY_MS);
        Map<Integer, List<WrkResult>> byThreads = new TreeMap<>();
        boolean serverThreadsKnown = runs.stream().allMatch(run -> run.serverThreads() != null);
        runs.forEach(run -> byThreads.computeIfAbsent(serverThreadsKnown ? run.serverThreads() : run.threads(),
                threads -> new ArrayList<>()).add(run));
        requireOneSweep(files, runs, serverThreadsKnown);
        int connections = runs.stream().mapToInt(WrkResult::connections).max().orElse(0);
        double ceiling = Rules.littlesLawCeilingPerSecond(connections, delay);
        List<SweepResult.Point> points = byThreads.entrySet().stream()
                .map(entry -> new SweepResult.Point(entry.getKey(), entry.getValue().get(0).threads(), null, ceiling,
                        0, List.of(), List.copyOf(entry.getValue()), null))
                .toList();
        List<String> urls = runs.stream().map(WrkResult::url).filter(Objects::nonNull).distinct().toList();
        SweepResult.SweepParameters parameters = new SweepResult.SweepParameters(
                List.copyOf(byThreads.keySet()), connections,
                runs.stream().mapToDouble(WrkResult::durationSeconds).average().orElse(0), 0,
                byThreads.values().stream().mapToInt(List::size).max().orElse(0), null, target, sla, delay, 0,
                SweepReport.KIND_SINGLE_RUNS, urls.size() == 1 ? urls.get(0) : String.join(" ", urls),
                runs.stream().allMatch(run -> run.statusCodes() != null));
        SweepResult sweep = new SweepResult(SweepResult.SCHEMA_VERSION, null, SweepReport.KIND_SINGLE_RUNS, null,
                null, true, null, parameters, null, List.of(), points);

        List<String> notes = new ArrayList<>();
        notes.add("assembled from " + runs.size() + " single wrk run" + (runs.size() == 1 ? "" : "s")
                + (serverThreadsKnown ? "; points are keyed by the server thread count each run recorded"
                : "; points are keyed by wrk's -t, because " + (runs.size() == 1 ? "the run does" : "the runs do")
                + " not record the server's thread count"));
        List<String> defaults = new ArrayList<>();
        if (overrides.targetRps() == null) {
            defaults.add("target " + Numbers.perSecond(target) + " (--target-rps)");
        }
        if (overrides.slaP99Ms() == null) {
            defaults.add("p99 SLA " + Numbers.millis(sla) + " (--sla-p99)");
        }
        if (overrides.delayMs() == null) {
            defaults.add("handler delay " + Numbers.millis(delay) + " (--delay)");
        }
        if (!defaults.isEmpty()) {
            notes.add("single runs do not record what they were for, so loadctl's defaults apply: "
                    + String.join(", ", defaults));
        }
        String source = files.stream().map(file -> file.getFileName().toString()).collect(Collectors.joining(", "));
        // Overrides are already the parameters here: the builder must not report them as changes.
        return new LoadedSweep(sweep, source, SweepReport.KIND_SINGLE_RUNS,
                serverThreadsKnown ? SweepReport.SERVER_THREADS : SweepReport.WRK_THREADS, parentOf(files.get(0)),
                List.copyOf(notes));
    }

    /**
     * Runs are points of one sweep only when they differ in the thread count alone: the same URL and
     * connections, and (keyed by server threads) the same wrk -t within a point. Otherwise their averages
     * mean nothing, as /ping/ at 50 connections averaged with /health at 200 would.
     */
    private static void requireOneSweep(List<Path> files, List<WrkResult> runs, boolean serverThreadsKnown) {
        List<String> differences = new ArrayList<>();
        differences.addAll(differ("URL", files, runs, run -> run.url() == null ? "none" : run.url()));
        differences.addAll(differ("connections", files, runs, run -> String.valueOf(run.connections())));
        if (serverThreadsKnown) {
            Map<Integer, List<Integer>> byServerThreads = new TreeMap<>();
            for (int i = 0; i < runs.size(); i++) {
                byServerThreads.computeIfAbsent(runs.get(i).serverThreads(), threads -> new ArrayList<>()).add(i);
            }
            byServerThreads.forEach((threads, indexes) -> differences.addAll(differ("wrk threads at "
                    + Numbers.threads(threads), indexes.stream().map(files::get).toList(),
                    indexes.stream().map(runs::get).toList(), run -> String.valueOf(run.threads()))));
        }
        if (!differences.isEmpty()) {
            throw new LoadctlException(ExitCode.USAGE, "cannot report these runs as one sweep: they differ in "
                    + String.join("; and in ", differences) + ". A sweep varies only the thread count: report"
                    + " each group on its own");
        }
    }

    /** "connections (50: a.json, b.json; 200: c.json)", or nothing when every run has the same value. */
    private static List<String> differ(String what, List<Path> files, List<WrkResult> runs,
                                       Function<WrkResult, String> value) {
        Map<String, List<String>> filesByValue = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            filesByValue.computeIfAbsent(value.apply(runs.get(i)), key -> new ArrayList<>())
                    .add(files.get(i).toString());
        }
        if (filesByValue.size() < 2) {
            return List.of();
        }
        return List.of(what + " (" + filesByValue.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + String.join(", ", entry.getValue()))
                .collect(Collectors.joining("; ")) + ")");
    }
}
