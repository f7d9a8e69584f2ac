package dev.loadctl.preflight;

import java.util.List;

/**
 * Something a profile's server needs on this machine, checked before any load by running
 * {@code command} (an argument list, no shell): exit status 0 means present.
 *
 * @param name    what is needed, as the preflight line names it
 * @param command the probe, for example {@code ["/usr/bin/python3", "-c", "import fastapi, uvicorn"]}
 * @param fix     how to get it, shown when the probe fails
 */
public record Requirement(String name, List<String> command, String fix) {
    public Requirement {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
