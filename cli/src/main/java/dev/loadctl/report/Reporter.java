package dev.loadctl.report;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Runs {@code loadctl report}: reads the results, computes the report once, writes each asked-for format. */
public final class Reporter {

    /**
     * @param inputs  sweep folders, result.json files or single-run JSON files; empty means reports/latest
     * @param formats empty means text to the terminal, unless only charts are asked for
     * @param charts  write the PNG and SVG charts (the CHARTS format) even without --html
     * @param outDir  where files go; null means beside the (last) result
     */
    public record Request(List<Path> inputs, Set<ReportFormats.Kind> formats, boolean charts, Path outDir,
                          Overrides overrides) {
    }

    /** Everything written, for the caller and for tests. */
    public record Outcome(Report report, List<Path> files) {
    }

    private Reporter() {
    }

    public static Outcome run(Request request, PrintWriter out, PrintWriter err) {
        List<LoadedSweep> inputs = ReportInputs.load(request.inputs(), request.overrides());
        if (inputs.size() == 1 && inputs.get(0).sweep().isBench()) {
            return bench(inputs.get(0), request, out, err);
        }
        if (inputs.size() == 1 && inputs.get(0).sweep().isCapacity()) {
            return CapacityReports.write(inputs.get(0), request, out, err);
        }
        Report report = ReportBuilder.build(inputs, request.overrides());
        Set<ReportFormats.Kind> kinds = EnumSet.noneOf(ReportFormats.Kind.class);
        kinds.addAll(request.formats());
        // The HTML page's charts are written beside it too, as --charts writes them.
        if (request.charts() || kinds.contains(ReportFormats.Kind.HTML)) {
            kinds.add(ReportFormats.Kind.CHARTS);
        }
        if (kinds.isEmpty()) {
            kinds.add(ReportFormats.Kind.TEXT);
        }
        Path dir = request.outDir() != null ? request.outDir() : inputs.get(inputs.size() - 1).outputDir();
        // Paths go to stderr when Markdown is on stdout, so stdout stays ready to paste.
        PrintWriter paths = kinds.contains(ReportFormats.Kind.MARKDOWN) ? err : out;

        List<Path> written = new ArrayList<>();
        List<ReportFormats.Kind> order = List.copyOf(kinds);
        List<ReportFormat> formats = ReportFormats.of(kinds);
        for (int i = 0; i < formats.size(); i++) {
            ReportFormat format = formats.get(i);
            String printed = format.printed(report);
            if (printed != null) {
                out.print(printed);
            }
            List<Path> files = new ArrayList<>();
            for (ReportFormat.File file : format.files(report)) {
                files.add(write(dir.resolve(file.name()), file.content()));
            }
            written.addAll(files);
            String kind = order.get(i).name().toLowerCase(Locale.ROOT);
            if (files.size() == 1) {
                paths.println(kind + ": " + files.get(0));
            } else if (files.size() > 1) {
                paths.println(kind + ": " + files.get(0).getParent() + "/{" + String.join(",", files.stream()
                        .map(path -> path.getFileName().toString()).toList()) + "}");
            }
        }
        out.flush();
        err.flush();
        return new Outcome(report, List.copyOf(written));
    }

    /**
     * The verdict on one saved sweep, read back and judged as {@code loadctl report} judges it, so that the
     * sweep's own summary ends with the report's words.
     */
    public static SweepReport.Verdict verdict(Path result) {
        return ReportBuilder.build(ReportInputs.load(List.of(result), Overrides.NONE), Overrides.NONE).main()
                .verdict();
    }

    /** A bench's table, ratios and goals: as text, Markdown or JSON. */
    private static Outcome bench(LoadedSweep input, Request request, PrintWriter out, PrintWriter err) {
        Set<ReportFormats.Kind> unsupported = EnumSet.of(ReportFormats.Kind.CSV, ReportFormats.Kind.HTML);
        unsupported.retainAll(request.formats());
        if (!unsupported.isEmpty() || request.charts()) {
            throw new LoadctlException(ExitCode.USAGE, input.source() + " is a bench: its report is a table (text,"
                    + " --markdown or --json); " + (request.charts() ? "--charts" : "--" + unsupported.iterator().next()
                    .name().toLowerCase(Locale.ROOT)) + " is for sweeps (report a target's sweep for charts)");
        }
        BenchReport bench = BenchReports.of(input.sweep());
        List<Path> written = new ArrayList<>();
        if (request.formats().isEmpty() || request.formats().contains(ReportFormats.Kind.TEXT)) {
            out.print(BenchTable.text(bench));
        }
        if (request.formats().contains(ReportFormats.Kind.MARKDOWN)) {
            out.print(BenchTable.markdown(bench));
        }
        if (request.formats().contains(ReportFormats.Kind.JSON)) {
            Path dir = request.outDir() != null ? request.outDir() : input.outputDir();
            Path file = write(dir.resolve("report.json"), ResultStore.toJson(bench).getBytes(StandardCharsets.UTF_8));
            written.add(file);
            (request.formats().contains(ReportFormats.Kind.MARKDOWN) ? err : out).println("json: " + file);
        }
        out.flush();
        err.flush();
        return new Outcome(null, List.copyOf(written));
    }

    static Path write(Path file, byte[] content) {
        ResultStore.writeAtomically(file, content);
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
