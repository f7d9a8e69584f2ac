package dev.loadctl.cli;

import dev.loadctl.Durations;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.report.Overrides;
import dev.loadctl.report.ReportFormats;
import dev.loadctl.report.Reporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code loadctl report}: the verdict, tables and charts, from saved results only. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Report saved results: is the target reachable, and if not, why not.",
                "Give one sweep (a folder or its result.json; default reports/latest), two sweeps to compare"
                        + " (baseline first), or JSON files from 'loadctl parse'/'loadctl run', which become one"
                        + " sweep with a point per wrk thread count.",
                "Without a format option a text summary goes to the terminal. Files go beside the result (beside B"
                        + " when comparing) unless --out says otherwise."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SWEEP_DIR|result.json|run.json",
            description = "What to report (default: reports/latest).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--html", description = "Write a self-contained index.html with the charts beside the result.")
    boolean html;

    @Option(names = "--markdown", description = "Print the verdict and a table in Markdown, ready to paste.")
    boolean markdown;

    @Option(names = "--csv", description = "Write report.csv (one row per point) beside the result.")
    boolean csv;

    @Option(names = "--json", description = "Write the computed report as report.json beside the result.")
    boolean json;

    @Option(names = "--charts", description = "Write the charts (PNG and SVG) beside the result; --html does too.")
    boolean charts;

    @Option(names = "--out", paramLabel = "DIR", description = "Write files here instead of beside the result.")
    Path out;

    @Option(names = "--target-rps", paramLabel = "RPS",
            description = "Judge against this goodput target (default: the sweep's; 20000 for single runs).")
    Double targetRps;

    @Option(names = "--sla-p99", paramLabel = "DURATION",
            description = "p99 latency SLA, e.g. 250ms (default: the sweep's; 250ms for single runs).")
    String slaP99;

    @Option(names = "--delay", paramLabel = "DURATION",
            description = "The handler's delay for the Little's-law ceiling, e.g. 200ms (default: the sweep's;"
                    + " 200ms for single runs).")
    String delay;

    @Override
    public Integer call() {
        if (targetRps != null && !(targetRps > 0)) {
            throw new LoadctlException(ExitCode.USAGE, "--target-rps must be a positive number of requests per"
                    + " second, not " + targetRps);
        }
        Overrides overrides = new Overrides(targetRps, millis(slaP99, "--sla-p99"), millis(delay, "--delay"));
        EnumSet<ReportFormats.Kind> formats = EnumSet.noneOf(ReportFormats.Kind.class);
        if (markdown) {
            formats.add(ReportFormats.Kind.MARKDOWN);
        }
        if (csv) {
            formats.add(ReportFormats.Kind.CSV);
        }
        if (json) {
            formats.add(ReportFormats.Kind.JSON);
        }
        if (html) {
            formats.add(ReportFormats.Kind.HTML);
        }
        Reporter.run(new Reporter.Request(inputs, formats, charts, out, overrides),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        return ExitCode.OK.code();
    }

    private static Double millis(String text, String option) {
        if (text == null) {
            return null;
        }
        double value = Durations.parse(text).toNanos() / 1e6;
        if (value <= 0) {
            throw new LoadctlException(ExitCode.USAGE, option + " must be longer than 0, not " + text);
        }
        return value;
    }
}
