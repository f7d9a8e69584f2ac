package dev.loadctl.cli;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.Version;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;

/** loadctl's entry point. {@link #run(String...)} returns the exit code; only {@link #main} exits. */
@Command(name = "loadctl",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Measure a server's goodput against thread count with wrk, and say whether a target is reachable.",
        subcommands = {
                SweepCommand.class,
                CapacityCommand.class,
                BenchCommand.class,
                RunCommand.class,
                ParseCommand.class,
                ReportCommand.class,
                DoctorCommand.class,
                ProfilesCommand.class,
                // Prints a bash/zsh completion script: source <(loadctl generate-completion)
                AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        CommandLine commandLine = commandLine();
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        System.exit(stdoutChecked(code, System.out, System.err));
    }

    /**
     * System.out swallows write errors (a full disk, a closed pipe): without this check a result printed
     * to nowhere would still exit 0.
     */
    static int stdoutChecked(int code, PrintStream stdout, PrintStream stderr) {
        if (!stdout.checkError() || code != ExitCode.OK.code()) {
            return code;
        }
        stderr.println("loadctl: cannot write to stdout (disk full, or the reader went away): the output is"
                + " incomplete");
        stderr.flush();
        return ExitCode.ENVIRONMENT.code();
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, also used by tests to capture output. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // An annotation can only hold constants, so the list comes from ExitCode here; picocli formats
        // footer lines, so a literal % must be doubled.
        commandLine.getCommandSpec().usageMessage().footer(Arrays.stream(ExitCode.list())
                .map(line -> line.replace("%", "%%")).toArray(String[]::new));
        commandLine.setExecutionExceptionHandler(Main::handleFailure);
        commandLine.setParameterExceptionHandler(Main::handleBadParameter);
        commandLine.setHelpFactory(UsageHelp::new);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof LoadctlException failure) {
            err.println("loadctl: " + failure.getMessage());
            err.flush();
            return failure.exitCode().code();
        }
        err.println("loadctl: internal error: " + e + " (set LOADCTL_DEBUG=1 for the stack trace)");
        if (System.getenv("LOADCTL_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    /** One line saying what is wrong, then where to read the usage: no wall of text for a typo. */
    private static int handleBadParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("loadctl: " + e.getMessage());
        err.println("Usage: see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE.code();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"loadctl " + Version.get()};
        }
    }
}
