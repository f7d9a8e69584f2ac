package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.io.IOException;
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
 *
 * <p>A server configured by a file (nginx) gets a fresh {@code {work_dir}} per point holding the
 * profile's {@code files} rendered with the same placeholders; {@link TargetProcess} deletes it when the
 * server has stopped.
 */
public final class CommandTarget implements TargetLauncher {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final ServerCommand server;
    private final Map<String, String> values;
    private final String host;
    private final int port;
    private final String loadPath;
    private final ServerHost serverHost;

    /**
     * @param values   placeholder values except {@code threads} and {@code work_dir}, which each point sets
     * @param loadPath the path wrk loads; readiness polls it unless the profile names a ready-path
     */
    public CommandTarget(ServerCommand server, Map<String, String> values, String host, int port, String loadPath) {
        this(server, values, host, port, loadPath, null);
    }

    /**
     * @param serverHost where it runs: null for this machine; on a host the command must name what is there, and
     *                   a server configured by files (a work dir) is not supported
     */
    public CommandTarget(ServerCommand server, Map<String, String> values, String host, int port, String loadPath,
                         ServerHost serverHost) {
        if (serverHost != null && server.needsWorkDir()) {
            throw new LoadctlException(ExitCode.USAGE, "server.files and {work_dir} need a folder on this machine:"
                    + " a server on a server host (" + serverHost + ") must be configured by its command and env"
                    + " alone, with files that exist there");
        }
        this.serverHost = serverHost;
        this.server = server;
        this.values = new HashMap<>(values);
        this.host = host;
        this.port = port;
        this.loadPath = loadPath;
    }

    /** Makes the point's work dir and renders its files: the caller must start the spec, or delete the dir. */
    @Override
    public TargetSpec forThreads(int threads) {
        Map<String, String> all = new HashMap<>(values);
        all.put("threads", Integer.toString(threads));
        Path workDir = server.needsWorkDir() ? WorkDir.create() : null;
        try {
            if (workDir != null) {
                all.put("work_dir", workDir.toString());
            }
            Placeholders placeholders = new Placeholders(all);
            renderFiles(placeholders, workDir);
            List<String> command = new ArrayList<>();
            // On a host, the wrapper's watch of the ssh channel does what setpriv does here.
            if (serverHost == null && Files.isExecutable(SETPRIV)) {
                command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
            }
            command.addAll(placeholders.fill(server.command()));
            Map<String, String> env = new LinkedHashMap<>();
            server.env().forEach((name, value) -> env.put(name, placeholders.fill(value)));
            String readyPath = server.readyPath() == null ? loadPath : server.readyPath();
            return new TargetSpec(command, env, URI.create("http://" + host + ":" + port + readyPath),
                    URI.create("http://" + host + ":" + port + loadPath), workDir);
        } catch (RuntimeException e) {
            WorkDir.delete(workDir);
            throw e;
        }
    }

    private void renderFiles(Placeholders placeholders, Path workDir) {
        for (Map.Entry<String, String> file : server.files().entrySet()) {
            Path template = Path.of(placeholders.fill(file.getValue()));
            String text;
            try {
                text = Files.readString(template);
            } catch (IOException e) {
                throw new LoadctlException(ExitCode.USAGE, "cannot read the template " + template + " of server.files."
                        + file.getKey() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "): fix the path in the profile", e);
            }
            Path rendered = workDir.resolve(file.getKey());
            try {
                Files.writeString(rendered, placeholders.fill(text, "template " + template));
            } catch (IOException e) {
                throw new LoadctlException(ExitCode.ENVIRONMENT, "cannot write " + rendered + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public ServerHost serverHost() {
        return serverHost;
    }

    /** The command with everything but the per-point placeholders filled ({@code {threads}}, {@code {work_dir}}). */
    @Override
    public String description() {
        Placeholders known = new Placeholders(values);
        return String.join(" ", server.command().stream().map(known::fillKnown).toList());
    }
}
