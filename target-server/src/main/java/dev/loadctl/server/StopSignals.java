package dev.loadctl.server;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end the server with exit code 0. The JVM's default would run shutdown hooks and exit with
 * 128 + signal (130, 143), which a caller reads as a crash; handling the signals lets main close the server and
 * return 0 itself. {@code sun.misc.Signal} is the JDK's supported-but-unofficial API for this (module
 * jdk.unsupported), with no replacement in Java 17.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void install(Runnable onStop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> onStop.run());
            } catch (IllegalArgumentException notAvailable) {
                // The JVM runs with -Xrs or the signal is reserved: the default shutdown (and hook) still apply.
            }
        }
    }
}
