package dev.loadctl.preflight;

import dev.loadctl.result.CapacitySetup.ConnectionLimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The most connections this machine lets a load test open, by what limits them: the open-files limit (wrk
 * needs a descriptor per connection besides its own, and so does the server) and the ephemeral ports one
 * source address has towards one address and port. A search that grows connections stops at the lowest.
 * The same accounting as the preflight checks (docs/sweep.md, "Preflight").
 */
public final class ConnectionLimits {

    private ConnectionLimits() {
    }

    /**
     * Every limit that applies, lowest first; empty when none could be read.
     *
     * @param maxWrkThreads    the most wrk threads any probe uses (each keeps a descriptor)
     * @param maxServerThreads the most server threads (the bundled server keeps two descriptors per thread)
     * @param bundledServer    the bundled server, whose own descriptors are known; a profile's are guessed
     */
    public static List<ConnectionLimit> of(MachineFacts facts, int maxWrkThreads, int maxServerThreads,
                                           boolean bundledServer) {
        List<ConnectionLimit> limits = new ArrayList<>();
        OpenFiles files = facts.openFiles();
        // Preflight raises the soft limit up to the hard one for wrk and the server, so the hard limit counts.
        if (files != null && files.hard() != Long.MAX_VALUE) {
            long wrk = files.hard() - Preflight.wrkOwnFiles(maxWrkThreads);
            long server = files.hard() - (bundledServer ? Preflight.bundledServerOwnFiles(maxServerThreads)
                    : Preflight.SERVER_FILES_MARGIN);
            long most = Math.max(0, Math.min(wrk, server));
            limits.add(new ConnectionLimit((int) Math.min(Integer.MAX_VALUE, most), ConnectionLimit.OPEN_FILES,
                    String.format(Locale.ROOT, "the open-files limit: hard %,d, less %s's own %d files",
                            files.hard(), wrk <= server ? "wrk -t" + maxWrkThreads : "the server",
                            files.hard() - most)));
        }
        int ports = facts.ephemeralPorts().orElse(Preflight.PORTS_PER_SOURCE_ADDRESS);
        limits.add(new ConnectionLimit(Math.min(ports, Preflight.PORTS_PER_SOURCE_ADDRESS), ConnectionLimit.PORTS,
                facts.ephemeralPorts().isPresent() && ports < Preflight.PORTS_PER_SOURCE_ADDRESS
                        ? String.format(Locale.ROOT, "the ephemeral ports: net.ipv4.ip_local_port_range %d-%d"
                        + " gives %,d", facts.ephemeralPortLow(), facts.ephemeralPortHigh(), ports)
                        : String.format(Locale.ROOT, "the ports one source address has towards one address and"
                        + " port: %,d", Preflight.PORTS_PER_SOURCE_ADDRESS)));
        limits.sort(Comparator.comparingInt(ConnectionLimit::connections));
        return limits;
    }
}
