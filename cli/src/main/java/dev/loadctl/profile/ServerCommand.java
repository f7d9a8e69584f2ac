package dev.loadctl.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A profile's own target server: an argument-list template and its environment, with placeholders
 * such as {@code {threads}} and {@code {port}} (see {@link Placeholders}). Never run through a shell.
 *
 * @param command    program and arguments, one list element per argument
 * @param env        extra environment variables (values may hold placeholders)
 * @param readyPath  path polled until it answers (default: the load path); any HTTP status counts as ready
 */
public record ServerCommand(
        List<String> command,
        Map<String, String> env,
        @JsonProperty("ready-path") String readyPath) {

    public ServerCommand {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
