package dev.loadctl.server;

import java.util.Locale;

/** How a {@code /ping/} request waits out its delay. */
public enum Mode {
    /** A timer on the IO thread: no thread waits, so one thread holds thousands of requests. */
    ASYNC,
    /** Thread-per-request on a pool of W workers that sleep: throughput is capped at about W / delay. */
    BLOCKING;

    /** The name users type and the ready line prints. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String text) {
        for (Mode mode : values()) {
            if (mode.label().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "': use async or blocking");
    }
}
