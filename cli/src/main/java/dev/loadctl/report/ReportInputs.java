package dev.loadctl.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.Rules;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.WrkResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
                requireReadableVersion(file, tree);
            }
            if (tree.has("points") && SweepResult.KIND_BENCH.equals(tree.path("kind").asText())) {
                if (inputs.size() > 1) {
                    throw new LoadctlException(ExitCode.USAGE, file + " is a bench: report it on its own");
                }
                SweepResult bench = ResultStore.readSweep(file);
                return List.of(new LoadedSweep(bench, describe(input), SweepResult.KIND_BENCH,
                        SweepReport.SERVER_THREADS, parentOf(file), List.of()));
            } else if (tree.has("points")) {
                SweepResult sweep = ResultStore.readSweep(file);
                if (sweep.parameters() == null) {
                    throw new LoadctlException(ExitCode.BAD_INPUT, file + " has no 'parameters': it is not a"
                            + " complete loadctl sweep result (write it with 'loadctl sweep')");
                }
                sweeps.add(new LoadedSweep(sweep, describe(input), SweepReport.KIND_SWEEP,
                        SweepReport.SERVER_THREADS, parentOf(file), List.of()));
            } else if (tree.has("rawOutput")) {
                runs.add(ResultStore.readRun(file));
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

    private static void requireReadableVersion(Path file, JsonNode tree) {
        int version = tree.path("schemaVersion").asInt(-1);
        if (!SweepResult.READABLE_SCHEMA_VERSIONS.contains(version)) {
            throw new LoadctlException(ExitCode.BAD_INPUT, file + " has schemaVersion " + tree.path("schemaVersion")
                    + "; this loadctl reads " + SweepResult.READABLE_SCHEMA_VERSIONS + " (write it again with this"
                    + " loadctl, or report it with the loadctl that wrote it)");
        }
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
        if (runs.stream().mapToInt(WrkResult::connections).distinct().count() > 1) {
            notes.add("the runs used different connection counts ("
                    + runs.stream().map(run -> String.valueOf(run.connections())).distinct()
                    .collect(Collectors.joining(", ")) + "); the Little's-law ceiling uses the largest");
        }
        List<String> defaults = new ArrayList<>();
        if (overrides.targetRps() == null) {
            defaults.add("target " + Numbers.rate(target) + " req/s (--target-rps)");
        }
        if (overrides.slaP99Ms() == null) {
            defaults.add("p99 SLA " + Numbers.ms(sla) + " ms (--sla-p99)");
        }
        if (overrides.delayMs() == null) {
            defaults.add("handler delay " + Numbers.ms(delay) + " ms (--delay)");
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
}
