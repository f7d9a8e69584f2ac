package dev.loadctl.cli;

import dev.loadctl.engine.LoadShape;
import dev.loadctl.options.SweepSettings;
import dev.loadctl.profile.SweepValues;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --[no-]stagger}: on every command that runs wrk with loadctl's script, and only there. */
class StaggerOptionTest {

    @Test
    void everyCommandThatRunsWrkWithTheScriptTakesItAndNoOtherDoes() {
        CommandLine main = Main.commandLine();
        for (String command : List.of("sweep", "bench", "capacity", "run")) {
            OptionSpec stagger = main.getSubcommands().get(command).getCommandSpec().findOption("--stagger");
            assertThat(stagger).as(command).isNotNull();
            assertThat(stagger.negatable()).as(command).isTrue();
            assertThat(String.join(" ", stagger.description())).as(command)
                    .contains("handler's delay", "5 microseconds", "--no-stagger");
        }
        for (String command : List.of("doctor", "parse", "report", "profiles")) {
            assertThat(main.getSubcommands().get(command).getCommandSpec().findOption("--stagger")).as(command)
                    .isNull();
        }
    }

    @Test
    void sweepsFlagReachesWrksCommandLine() {
        assertThat(wrkCommand(flags(SweepCommand.class, SweepCommand::flags, "sweep")))
                .endsWith("--", "stagger-ms", "200", "first-requests", "20000");
        assertThat(wrkCommand(flags(SweepCommand.class, SweepCommand::flags, "sweep", "--no-stagger")))
                .contains("-s", "loadctl.lua").doesNotContain("stagger-ms", "first-requests")
                .endsWith("http://127.0.0.1:8000/ping/");
        assertThat(wrkCommand(flags(SweepCommand.class, SweepCommand::flags, "sweep", "--stagger", "--delay",
                "50ms"))).endsWith("--", "stagger-ms", "50", "first-requests", "20000");
    }

    @Test
    void unsetTheProfileDecidesAndEitherFlagOverridesItOnBenchAndCapacity() {
        assertThat(flags(BenchCommand.class, BenchCommand::flags, "bench").stagger()).isNull();
        assertThat(flags(BenchCommand.class, BenchCommand::flags, "bench", "--no-stagger").stagger()).isFalse();
        assertThat(flags(BenchCommand.class, BenchCommand::flags, "bench", "--stagger").stagger()).isTrue();
        assertThat(flags(CapacityCommand.class, CapacityCommand::sweepFlags, "capacity").stagger()).isNull();
        assertThat(flags(CapacityCommand.class, CapacityCommand::sweepFlags, "capacity", "--no-stagger").stagger())
                .isFalse();
        assertThat(flags(CapacityCommand.class, CapacityCommand::sweepFlags, "capacity", "--stagger", "--no-lua"))
                .as("both: the script's switch and its stagger are separate")
                .extracting(SweepValues::stagger, SweepValues::lua).containsExactly(true, false);
    }

    /** The flags a command line gives, as the command hands them on. */
    private static <C> SweepValues flags(Class<C> type, Function<C, SweepValues> flags, String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return flags.apply(type.cast(parsed.subcommand().commandSpec().userObject()));
    }

    /** The command line wrk gets for a sweep's 1-thread point under these flags, as LocalWrk runs it. */
    private static List<String> wrkCommand(SweepValues flags) {
        LoadShape load = SweepSettings.resolve(Optional.empty(), flags, Path.of("reports")).loadFor(1);
        return load.invocation(load.duration()).command("wrk", Path.of("loadctl.lua"));
    }
}
