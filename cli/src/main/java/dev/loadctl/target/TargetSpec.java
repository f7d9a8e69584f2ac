package dev.loadctl.target;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How to start one target server: an argument list (never a shell line), extra environment, and the
 * URL that answers once it accepts connections.
 */
public record TargetSpec(List<String> command, Map<String, String> env, URI readyUrl) {

    public TargetSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
