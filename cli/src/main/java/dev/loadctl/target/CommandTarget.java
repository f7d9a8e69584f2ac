package dev.loadctl.target;

import dev.loadctl.profile.Placeholders;
import dev.loadctl.profile.ServerCommand;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's server command. Placeholders are filled per point and each template element stays one
 * argument. Such a server does not watch its stdin, so when util-linux {@code setpriv} is there it is
 * started through {@code setpriv --pdeathsig TERM}: the kernel sends it SIGTERM when loadctl dies.
 */
public final class CommandTarget implements TargetLauncher {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final ServerCommand server;
    private final Map<String, String> values;
    private final String host;
    private final int port;
    private final String loadPath;

    /**
     * @param values   placeholder values except {@code threads}, which each point sets
     * @param loadPath the path wrk loads; readiness polls it unless the profile names a ready-path
     */
    public CommandTarget(ServerCommand server, Map<String, String> values, String host, int port, String loadPath) {
        this.server = server;
        this.values = new HashMap<>(values);
        this.host = host;
        this.port = port;
        this.loadPath = loadPath;
    }

    @Override
    public TargetSpec forThreads(int threads) {
        Map<String, String> all = new HashMap<>(values);
        all.put("threads", Integer.toString(threads));
        Placeholders placeholders = new Placeholders(all);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        }
        command.addAll(placeholders.fill(server.command()));
        Map<String, String> env = new LinkedHashMap<>();
        server.env().forEach((name, value) -> env.put(name, placeholders.fill(value)));
        String readyPath = server.readyPath() == null ? loadPath : server.readyPath();
        return new TargetSpec(command, env, URI.create("http://" + host + ":" + port + readyPath));
    }

    @Override
    public String description() {
        return String.join(" ", server.command());
    }
}
