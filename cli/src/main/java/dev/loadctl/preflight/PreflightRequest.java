package dev.loadctl.preflight;

import dev.loadctl.launch.Generators;
import dev.loadctl.launch.ServerHost;

import java.util.Collections;
import java.util.List;

/**
 * What a sweep is about to ask of the machine.
 *
 * @param serverThreads  every server thread count of the sweep
 * @param wrkThreads     wrk's -t; null matches each point's server threads
 * @param serverCommand  the profile's server command (placeholders filled or not); empty for the bundled server
 * @param requirements   what the profile's server needs, probed by running a command
 * @param generators     where wrk runs: this machine's processes, or generator hosts over ssh
 * @param serverHost     where the server runs over ssh; null for this machine
 */
public record PreflightRequest(int connections, List<Integer> serverThreads, Integer wrkThreads, String host,
                               int port, List<String> serverCommand, List<Requirement> requirements,
                               Generators generators, ServerHost serverHost) {

    public PreflightRequest {
        serverThreads = List.copyOf(serverThreads);
        serverCommand = serverCommand == null ? List.of() : List.copyOf(serverCommand);
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        generators = generators == null ? Generators.ONE_LOCAL : generators;
    }

    /** With the server on this machine. */
    public PreflightRequest(int connections, List<Integer> serverThreads, Integer wrkThreads, String host, int port,
                            List<String> serverCommand, List<Requirement> requirements, Generators generators) {
        this(connections, serverThreads, wrkThreads, host, port, serverCommand, requirements, generators, null);
    }

    /** With one local wrk. */
    public PreflightRequest(int connections, List<Integer> serverThreads, Integer wrkThreads, String host, int port,
                            List<String> serverCommand, List<Requirement> requirements) {
        this(connections, serverThreads, wrkThreads, host, port, serverCommand, requirements, Generators.ONE_LOCAL);
    }

    public int maxServerThreads() {
        return serverThreads.isEmpty() ? 1 : Collections.max(serverThreads);
    }

    public int minServerThreads() {
        return serverThreads.isEmpty() ? 1 : Collections.min(serverThreads);
    }

    /** The most wrk threads any point uses. */
    public int maxWrkThreads() {
        return wrkThreads != null ? wrkThreads : maxServerThreads();
    }

    /** The fewest wrk threads any point uses. */
    public int minWrkThreads() {
        return wrkThreads != null ? wrkThreads : minServerThreads();
    }
}
