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
     * @param charts  write the PNG and SVG charts even without --html
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
        Set<ReportFormats.Kind> formats = EnumSet.noneOf(ReportFormats.Kind.class);
        formats.addAll(request.formats());
        if (formats.isEmpty() && !request.charts()) {
            formats.add(ReportFormats.Kind.TEXT);
        }
        Path dir = request.outDir() != null ? request.outDir() : inputs.get(inputs.size() - 1).outputDir();
        // Paths go to stderr when Markdown is on stdout, so stdout stays ready to paste.
        PrintWriter paths = formats.contains(ReportFormats.Kind.MARKDOWN) ? err : out;

        List<Path> written = new ArrayList<>();
        for (ReportFormats.Kind kind : formats) {
            ReportFormat format = ReportFormats.of(kind);
            String fileName = format.fileName(report);
            String rendered = format.render(report);
            if (fileName == null) {
                out.print(rendered);
            } else {
                Path file = write(dir.resolve(fileName), rendered.getBytes(StandardCharsets.UTF_8));
                written.add(file);
                paths.println(kind.name().toLowerCase(Locale.ROOT) + ": " + file);
            }
        }
        if (request.charts() || formats.contains(ReportFormats.Kind.HTML)) {
            List<Path> charts = new ArrayList<>();
            for (ReportCharts.NamedChart chart : ReportCharts.draw(report)) {
                charts.add(write(dir.resolve(chart.fileStem() + ".png"), ReportCharts.png(chart)));
                charts.add(write(dir.resolve(chart.fileStem() + ".svg"), ReportCharts.svg(chart)));
            }
            written.addAll(charts);
            if (!charts.isEmpty()) {
                paths.println("charts: " + charts.get(0).getParent() + "/{" + String.join(",", charts.stream()
                        .map(path -> path.getFileName().toString()).toList()) + "}");
            }
        }
        out.flush();
        err.flush();
        return new Outcome(report, List.copyOf(written));
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
