package dev.loadctl.launch;

import java.util.List;

/**
 * Where a plan's load comes from: wrk processes on this machine, or on other hosts over ssh. A point's
 * connections and wrk threads are shared among all of them as evenly as possible (each gets at least one
 * thread, and at least one connection per thread).
 *
 * @param perHost the wrk processes on this machine when {@code hosts} is empty, else on each host
 * @param hosts   generator hosts reached over ssh; empty for this machine only
 * @param ssh     how every ssh runs
 * @param rule    why {@code perHost} is what it is, for preflight's message: "--generators", "the open-files
 *                limit ...", "default"
 */
public record Generators(int perHost, List<SshHost> hosts, SshSettings ssh, String rule) {

    /** One local wrk: loadctl's default when the open-files limit allows it. */
    public static final Generators ONE_LOCAL = new Generators(1, List.of(), SshSettings.DEFAULT, "default");

    public Generators {
        hosts = List.copyOf(hosts);
        ssh = ssh == null ? SshSettings.DEFAULT : ssh;
        if (perHost < 1) {
            throw new IllegalArgumentException("at least one generator per host");
        }
    }

    public boolean remote() {
        return !hosts.isEmpty();
    }

    /** wrk processes on this machine. */
    public int local() {
        return remote() ? 0 : perHost;
    }

    /** wrk processes in all. */
    public int count() {
        return remote() ? perHost * hosts.size() : perHost;
    }

    /** One wrk process on this machine, run the way loadctl always has (no wrapper, no merge). */
    public boolean single() {
        return !remote() && perHost == 1;
    }
}
