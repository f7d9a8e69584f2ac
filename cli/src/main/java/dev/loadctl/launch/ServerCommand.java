package dev.loadctl.launch;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's own target server: an argument-list template and its environment, with placeholders
 * such as {@code {threads}} and {@code {port}} (see {@link Placeholders}). Never run through a shell.
 *
 * @param command    program and arguments, one list element per argument
 * @param env        extra environment variables (values may hold placeholders)
 * @param readyPath  path polled until it answers (default: the load path); any HTTP status counts as ready
 * @param files      config files for servers configured by a file (nginx): file name in the point's
 *                   {@code {work_dir}} → template file (its path may hold placeholders). Each point renders
 *                   every template with the placeholders into a fresh work dir, deleted after the point.
 * @param host       {@code [user@]host[:port]}: run the server there over ssh; null for this machine. Without a
 *                   command, the bundled server runs there.
 */
public record ServerCommand(
        List<String> command,
        Map<String, String> env,
        @JsonProperty("ready-path") String readyPath,
        Map<String, String> files,
        String host) {

    public ServerCommand {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        // In the profile's order, so files are written (and errors reported) as the user listed them.
        files = files == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** A server on this machine. */
    public ServerCommand(List<String> command, Map<String, String> env, String readyPath, Map<String, String> files) {
        this(command, env, readyPath, files, null);
    }

    /** A server on this machine without config files. */
    public ServerCommand(List<String> command, Map<String, String> env, String readyPath) {
        this(command, env, readyPath, null, null);
    }

    /** Whether a point needs a work dir: files to render, or {@code {work_dir}} in the command or env. */
    public boolean needsWorkDir() {
        return !files.isEmpty()
                || command.stream().anyMatch(element -> Placeholders.uses(element, "work_dir"))
                || env.values().stream().anyMatch(value -> Placeholders.uses(value, "work_dir"));
    }
}
