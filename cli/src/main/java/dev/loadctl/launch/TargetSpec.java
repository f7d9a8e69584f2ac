package dev.loadctl.launch;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one target server: an argument list (never a shell line), extra environment, the URL
 * that answers once it accepts connections, and the URL wrk loads (polled after that for the first 2xx,
 * the start-up figure).
 *
 * @param workDir a folder made for this server only (rendered config files), deleted by
 *                {@link TargetProcess} once the server has stopped; null when it needs none
 * @param statsUrl where the server reports its own latency over a window (the bundled server's /stats, see
 *                 {@link ServerWindow}); null for servers that have none
 */
public record TargetSpec(List<String> command, Map<String, String> env, URI readyUrl, URI loadUrl, Path workDir,
                         URI statsUrl) {

    public TargetSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        loadUrl = loadUrl == null ? readyUrl : loadUrl;
    }

    /** A server without a stats URL. */
    public TargetSpec(List<String> command, Map<String, String> env, URI readyUrl, URI loadUrl, Path workDir) {
        this(command, env, readyUrl, loadUrl, workDir, null);
    }

    /** A server whose load URL is its ready URL, without a work dir. */
    public TargetSpec(List<String> command, Map<String, String> env, URI readyUrl) {
        this(command, env, readyUrl, readyUrl, null);
    }
}
