package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Version;
import dev.loadctl.result.BenchSetup;
import dev.loadctl.result.CapacitySetup;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.RunName;
import dev.loadctl.result.SweepResult;
import dev.loadctl.result.SweepResult.PointFailure;
import dev.loadctl.result.SweepResult.Environment;
import dev.loadctl.result.SweepResult.Point;
import dev.loadctl.result.SweepResult.PreflightCheck;
import dev.loadctl.result.SweepResult.SweepParameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's folder, {@code <out>/<yyyyMMdd-HHmmss>-<name>/result.json}, rewritten atomically after every
 * point with {@code complete=false} until the end, so whatever stops the run leaves every finished point
 * behind. {@code <out>/latest} links to the newest folder that holds at least one point: a run that
 * measured nothing does not hide the last one that did.
 */
final class ResultRecord {

    static final String RESULT_FILE = "result.json";
    static final String LATEST_LINK = "latest";
    private static final DateTimeFormatter FOLDER_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path file;
    private final Path outDir;
    private final String kind;
    private final BenchSetup bench;
    private final CapacitySetup capacity;
    private final String profile;
    private final String startedAt;
    private final SweepParameters parameters;
    private final Environment environment;
    private final List<PreflightCheck> preflight;
    private final List<Point> points = new ArrayList<>();
    private final List<PointFailure> failures = new ArrayList<>();
    private SweepResult current;

    private ResultRecord(Path file, Path outDir, String kind, BenchSetup bench, CapacitySetup capacity, String profile,
                         SweepParameters parameters, Environment environment, List<PreflightCheck> preflight) {
        this.file = file;
        this.outDir = outDir;
        this.kind = kind;
        this.bench = bench;
        this.capacity = capacity;
        this.profile = profile;
        this.startedAt = now();
        this.parameters = parameters;
        this.environment = environment;
        this.preflight = List.copyOf(preflight);
    }

    /** Creates the plan's folder and writes its result with no points yet. */
    static ResultRecord create(Plan plan, Environment environment, List<PreflightCheck> preflight) {
        return create(plan.outDir(), plan.kind(), plan.bench(), plan.capacity(), plan.name(), plan.parameters(),
                environment, preflight);
    }

    /** A sweep's record. */
    static ResultRecord create(Path outDir, String profile, SweepParameters parameters, Environment environment,
                               List<PreflightCheck> preflight) {
        return create(outDir, SweepResult.KIND_SWEEP, null, null, profile, parameters, environment, preflight);
    }

    private static ResultRecord create(Path outDir, String kind, BenchSetup bench, CapacitySetup capacity,
                                       String profile, SweepParameters parameters, Environment environment,
                                       List<PreflightCheck> preflight) {
        // A capacity search's folder says so: it sits beside the same profile's sweeps. Flags that changed the
        // profile name it too, so that it does not pass for the profile's own run.
        Path folder = newFolder(outDir, RunName.folder(profile, capacity == null ? null : kind,
                parameters.overrides()));
        ResultRecord record = new ResultRecord(folder.resolve(RESULT_FILE), outDir, kind, bench, capacity, profile,
                parameters, environment, preflight);
        record.write(false, null);
        return record;
    }

    Path file() {
        return file;
    }

    /** The points in the file: those whose write returned. */
    int points() {
        return current == null ? 0 : current.points().size();
    }

    /**
     * Saves the point; the first one also points {@code latest} at this folder. A point whose write fails is
     * dropped, so that no later write (the stop reason) adds it to a file the run said it was lost from.
     */
    SweepResult add(Point point) {
        points.add(point);
        SweepResult saved;
        try {
            saved = write(false, null);
        } catch (RuntimeException e) {
            points.remove(points.size() - 1);
            throw e;
        }
        if (points.size() == 1) {
            linkLatest(outDir, file.getParent());
        }
        return saved;
    }

    /** Saves a probe that failed, for a plan that goes on past it. */
    SweepResult fail(Probe probe, String reason) {
        failures.add(new PointFailure(probe.target(), probe.load().connections(), probe.threads(), reason));
        try {
            return write(false, null);
        } catch (RuntimeException e) {
            failures.remove(failures.size() - 1);
            throw e;
        }
    }

    SweepResult finish(boolean complete, String stopReason) {
        return write(complete, stopReason);
    }

    /** The result as last written whole: what the file holds (null before the first write). */
    SweepResult current() {
        return current;
    }

    /**
     * What the file holds, with {@code reason} as its stop reason: for showing a run whose last write (the one
     * that would have recorded why it stopped) failed. Null before the first write.
     */
    SweepResult lastSavedStoppedBy(String reason) {
        SweepResult c = current;
        return c == null ? null : new SweepResult(c.schemaVersion(), c.kind(), c.loadctlVersion(), c.profile(),
                c.startedAt(), c.finishedAt(), false, reason, c.parameters(), c.bench(), c.environment(),
                c.preflight(), c.points(), c.failures());
    }

    private SweepResult write(boolean complete, String stopReason) {
        SweepResult next = new SweepResult(SweepResult.SCHEMA_VERSION, kind, Version.get(), profile, startedAt,
                complete || stopReason != null ? now() : null, complete, stopReason, parameters, bench, environment,
                preflight, List.copyOf(points), List.copyOf(failures), capacity);
        ResultStore.writeSweep(file, next);
        current = next;
        return next;
    }

    /**
     * A new folder {@code <outDir>/<yyyyMMdd-HHmmss>-<name>} (with -2, -3, ... if taken); {@code name} is
     * {@link RunName#folder}'s, and any character it would not give is replaced.
     */
    static Path newFolder(Path outDir, String name) {
        String base = LocalDateTime.now().format(FOLDER_STAMP) + "-" + name.replaceAll("[^A-Za-z0-9._,+-]", "-");
        try {
            Files.createDirectories(outDir);
            for (int attempt = 1; ; attempt++) {
                Path folder = outDir.resolve(attempt == 1 ? base : base + "-" + attempt);
                if (!Files.exists(folder)) {
                    return Files.createDirectory(folder);
                }
            }
        } catch (IOException | SecurityException e) {
            throw cannotWrite(outDir, e);
        }
    }

    private static LoadctlException cannotWrite(Path folder, Exception e) {
        return new LoadctlException(ExitCode.ENVIRONMENT, "cannot write results to " + folder + " ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "): pass --out with a writable folder", e);
    }

    /** Swaps the link in one rename, so {@code latest} always points at a whole sweep folder. */
    private static void linkLatest(Path outDir, Path folder) {
        Path latest = outDir.resolve(LATEST_LINK);
        Path temporary = outDir.resolve("." + LATEST_LINK + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, folder.getFileName());
            Files.move(temporary, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot point " + latest + " at " + folder.getFileName()
                    + " (" + e.getMessage() + "): remove " + latest + " if it is not a link", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Only a leftover dot-file; the sweep goes on.
            }
        }
    }

    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
