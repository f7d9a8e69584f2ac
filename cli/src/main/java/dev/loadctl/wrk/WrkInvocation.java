package dev.loadctl.wrk;

import dev.loadctl.Durations;
import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One wrk run as asked for. The constructor rejects what wrk would reject, so that a bad value is one
 * clear line before any process starts rather than wrk's usage text afterwards.
 *
 * @param url         what wrk loads (http or https)
 * @param threads     wrk's -t (wrk threads, not the server's)
 * @param connections wrk's -c: connections kept open, at least {@code threads}
 * @param duration    wrk's -d; wrk takes whole seconds, so it is rounded up (see {@link Durations#forWrk})
 * @param timeout     wrk's --timeout: slower responses count as timeouts and leave the latency figures;
 *                    rounded up to whole seconds like the duration
 * @param lua         run the bundled Lua script (status-code counts, p99.9/p99.99/max)
 * @param staggerStart with the script: each connection's first request waits a random time below this, so
 *                     that the connections' requests arrive spread over the handler's delay instead of all at
 *                     once in every cycle; zero sends them all at once (wrk's own behaviour)
 */
public record WrkInvocation(String url, int threads, int connections, Duration duration, Duration timeout,
                            boolean lua, Duration staggerStart) {

    /** Every connection's first request at once, as wrk alone sends them. */
    public WrkInvocation(String url, int threads, int connections, Duration duration, Duration timeout,
                         boolean lua) {
        this(url, threads, connections, duration, timeout, lua, Duration.ZERO);
    }

    public WrkInvocation {
        staggerStart = staggerStart == null ? Duration.ZERO : staggerStart;
        if (staggerStart.isNegative()) {
            throw usage("the staggered start must not be negative (got " + staggerStart + ")");
        }
        requireHttpUrl(url);
        if (threads < 1) {
            throw usage("wrk threads must be at least 1 (got " + threads + ")");
        }
        if (connections < threads) {
            throw usage("connections (" + connections + ") must be >= wrk threads (" + threads
                    + "): each wrk thread needs at least one connection; raise --connections or lower --wrk-threads");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw usage("duration must be positive (got " + duration + ")");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw usage("timeout must be positive (got " + timeout + ")");
        }
    }

    /**
     * {@code wrk -t T -c C -d D --latency --timeout T [-s script] url [-- stagger-ms S first-requests N]}: the
     * script's arguments (its {@code init(args)}) say how long to spread the first requests over, and how many
     * first requests each wrk thread makes (wrk gives each thread {@code connections / threads}).
     */
    public List<String> command(String wrkExecutable, Path luaScript) {
        List<String> command = new ArrayList<>(List.of(wrkExecutable,
                "-t", Integer.toString(threads),
                "-c", Integer.toString(connections),
                "-d", Durations.forWrk(duration),
                "--latency",
                "--timeout", Durations.forWrk(timeout)));
        if (luaScript != null) {
            command.add("-s");
            command.add(luaScript.toString());
        }
        command.add(url);
        if (luaScript != null && !staggerStart.isZero()) {
            command.addAll(List.of("--", "stagger-ms", Long.toString(Math.max(1, staggerStart.toMillis())),
                    "first-requests", Integer.toString(connections / threads)));
        }
        return command;
    }

    private static void requireHttpUrl(String url) {
        String why = null;
        try {
            URI uri = new URI(url == null ? "" : url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                why = "it must start with http:// or https://";
            } else if (uri.getHost() == null) {
                why = "it has no host";
            }
        } catch (URISyntaxException e) {
            why = e.getReason();
        }
        if (why != null) {
            throw usage("bad URL '" + url + "': " + why + " (for example http://127.0.0.1:8000/ping/)");
        }
    }

    private static LoadctlException usage(String message) {
        return new LoadctlException(ExitCode.USAGE, message);
    }
}
