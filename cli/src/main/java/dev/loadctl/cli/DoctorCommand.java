package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.preflight.MachineFacts;
import dev.loadctl.preflight.PreflightReport;
import dev.loadctl.preflight.ProcFs;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.profile.ProfileCatalog;
import dev.loadctl.result.SweepResult.PreflightCheck;
import dev.loadctl.preflight.Preflight;
import dev.loadctl.engine.SweepOptions;
import dev.loadctl.wrk.Wrk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the machine before putting load on it: the same checks a sweep runs first, for the"
                + " same options (a profile and flags).",
                "Exit code 0 when nothing fails (warnings allowed), otherwise the first failure's code."})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoadShapeOptions shape;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepOptions options = SweepSettings.resolve(
                SweepSettings.loadProfile(ProfileCatalog.standard(), shape.profile), shape.values(),
                Path.of("reports"));
        PreflightReport report = Preflight.check(options.preflightRequest(), ProcFs.system(), Wrk::version);
        MachineFacts facts = report.facts();
        out.printf(Locale.ROOT, "%s; %s; %s; for profile '%s': threads %s, %,d connections, port %d%n",
                facts.os(), facts.kernel(), facts.cpuModel(), options.profileName(),
                options.threads().stream().map(String::valueOf).collect(Collectors.joining(",")),
                options.connections(), options.port());
        for (PreflightCheck check : report.checks()) {
            out.printf(Locale.ROOT, "%-5s %-16s %s%n", check.status(), check.name(), check.message());
            if (check.fix() != null) {
                out.printf(Locale.ROOT, "%-5s %-16s fix: %s%n", "", "", check.fix());
            }
        }
        out.flush();
        return report.firstFailure().map(failure -> failure.failureCode().code()).orElse(ExitCode.OK.code());
    }
}
