package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Version;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.SweepResult;
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
 * A sweep's folder, {@code <out>/<yyyyMMdd-HHmmss>-<profile>/result.json}, rewritten atomically after
 * every point with {@code complete=false} until the end, so whatever stops the sweep leaves every
 * finished point behind. {@code <out>/latest} links to the newest folder.
 */
final class SweepRecord {

    static final String RESULT_FILE = "result.json";
    static final String LATEST_LINK = "latest";
    private static final DateTimeFormatter FOLDER_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path file;
    private final String profile;
    private final String startedAt;
    private final SweepParameters parameters;
    private final Environment environment;
    private final List<PreflightCheck> preflight;
    private final List<Point> points = new ArrayList<>();
    private SweepResult current;

    private SweepRecord(Path file, String profile, SweepParameters parameters, Environment environment,
                        List<PreflightCheck> preflight) {
        this.file = file;
        this.profile = profile;
        this.startedAt = now();
        this.parameters = parameters;
        this.environment = environment;
        this.preflight = List.copyOf(preflight);
    }

    /** Creates the folder, points {@code latest} at it and writes the result with no points yet. */
    static SweepRecord create(Path outDir, String profile, SweepParameters parameters, Environment environment,
                              List<PreflightCheck> preflight) {
        Path folder = newFolder(outDir, profile);
        SweepRecord record = new SweepRecord(folder.resolve(RESULT_FILE), profile, parameters, environment, preflight);
        record.write(false, null);
        linkLatest(outDir, folder);
        return record;
    }

    /** Writes into {@code folder} itself (a bench's sub-sweep): no stamp, no {@code latest} link. */
    static SweepRecord createIn(Path folder, String profile, SweepParameters parameters, Environment environment,
                                List<PreflightCheck> preflight) {
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw cannotWrite(folder, e);
        }
        SweepRecord record = new SweepRecord(folder.resolve(RESULT_FILE), profile, parameters, environment, preflight);
        record.write(false, null);
        return record;
    }

    Path file() {
        return file;
    }

    int points() {
        return points.size();
    }

    SweepResult add(Point point) {
        points.add(point);
        return write(false, null);
    }

    SweepResult finish(boolean complete, String stopReason) {
        return write(complete, stopReason);
    }

    SweepResult current() {
        return current;
    }

    private SweepResult write(boolean complete, String stopReason) {
        current = new SweepResult(SweepResult.SCHEMA_VERSION, Version.get(), profile, startedAt,
                complete || stopReason != null ? now() : null, complete, stopReason, parameters, environment,
                preflight, List.copyOf(points));
        ResultStore.writeSweep(file, current);
        return current;
    }

    /** A new folder {@code <outDir>/<yyyyMMdd-HHmmss>-<name>} (with -2, -3, ... if taken). */
    static Path newFolder(Path outDir, String profile) {
        String base = LocalDateTime.now().format(FOLDER_STAMP) + "-" + profile.replaceAll("[^A-Za-z0-9._-]", "-");
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
