package dev.loadctl.profile;

import dev.loadctl.launch.ServerCommand;
import dev.loadctl.preflight.Requirement;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A named scenario from {@code profiles/NAME.yaml}: sweep option values (overridden by flags), and
 * optionally its own server command instead of the bundled server. A bench profile ({@code bench:})
 * names sweep profiles as targets instead, and its {@code sweep:} values are the wrk settings they share.
 *
 * @param name        the file name without {@code .yaml}
 * @param file        where it was read from
 * @param description one line for {@code loadctl profiles}
 * @param sweep       option values; unset ones fall back to the defaults
 * @param server      the server command template (a block with only {@code host} runs the bundled server there);
 *                    null runs the bundled server here
 * @param requires    what the server needs on this machine, checked in preflight
 * @param bench       the targets of {@code loadctl bench}; null for a sweep profile
 * @param capacity    {@code loadctl capacity}'s own values; unset ones fall back to its defaults
 */
public record Profile(String name, Path file, String description, SweepValues sweep, ServerCommand server,
                      List<Requirement> requires, BenchValues bench, CapacityValues capacity) {

    public Profile {
        sweep = sweep == null ? SweepValues.NONE : sweep;
        requires = requires == null ? List.of() : List.copyOf(requires);
        capacity = capacity == null ? CapacityValues.NONE : capacity;
    }

    /** A profile without a {@code capacity:} block. */
    public Profile(String name, Path file, String description, SweepValues sweep, ServerCommand server,
                   List<Requirement> requires, BenchValues bench) {
        this(name, file, description, sweep, server, requires, bench, null);
    }

    /** A sweep profile. */
    public Profile(String name, Path file, String description, SweepValues sweep, ServerCommand server,
                   List<Requirement> requires) {
        this(name, file, description, sweep, server, requires, null, null);
    }

    /** The profile's own server command; empty for the bundled server. */
    public Optional<ServerCommand> serverCommand() {
        return Optional.ofNullable(server).filter(command -> !command.command().isEmpty());
    }

    /** {@code server.host}: where the server runs over ssh; empty for this machine. */
    public Optional<String> serverHost() {
        return Optional.ofNullable(server).map(ServerCommand::host);
    }

    public boolean isBench() {
        return bench != null;
    }
}
