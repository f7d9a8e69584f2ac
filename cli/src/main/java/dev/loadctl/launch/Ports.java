package dev.loadctl.launch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/** Whether a TCP port can be listened on, the way the target server will try it. */
public final class Ports {

    private Ports() {
    }

    /**
     * True when a server could bind {@code host:port} now. SO_REUSEADDR is on, as in the servers, so
     * connections of a stopped server still in TIME_WAIT do not count as "in use".
     */
    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port on {@code host} that nothing listens on now (the kernel's pick); 0 when none could be bound. */
    public static int anyFree(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits (checking every 100 ms) until the port is free; false if it is still taken after {@code limit}. */
    public static boolean awaitFree(String host, int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!isFree(host, port)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
