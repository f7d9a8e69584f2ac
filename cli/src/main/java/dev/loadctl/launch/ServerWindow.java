package dev.loadctl.launch;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled server's own latency over a window: {@code GET /stats?reset} answers with the window since the
 * last such read and starts the next, so one read before a measured run and one after it give that run alone.
 *
 * @param requests responses the server finished in the window
 */
public record ServerWindow(long requests, double p50Ms, double p99Ms, double maxMs) {

    private static final Pattern WINDOW = Pattern.compile("\"window\":\\{\"requestsServed\":(\\d+),\"latencyMs\":"
            + "\\{\"p50\":([0-9.]+),\"p90\":[0-9.]+,\"p99\":([0-9.]+),\"p99_9\":[0-9.]+,\"max\":([0-9.]+)}");

    /**
     * Ends the server's current window and starts a new one; null when the server did not answer in time or
     * not with a window. Never throws: a missing figure must not cost a measurement.
     */
    public static ServerWindow readAndReset(URI statsUrl, Duration timeout) {
        try {
            return parse(HttpProbe.body(URI.create(statsUrl + "?reset"), timeout));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The window in a /stats answer; null when there is none. */
    static ServerWindow parse(String statsJson) {
        Matcher m = WINDOW.matcher(statsJson);
        if (!m.find()) {
            return null;
        }
        return new ServerWindow(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
    }
}
