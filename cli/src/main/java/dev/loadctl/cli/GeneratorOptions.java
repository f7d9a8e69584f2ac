package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The load generators and where the target listens: shared by sweep, bench and doctor. */
public final class GeneratorOptions {

    @Option(names = "--wrk-threads", paramLabel = "T",
            description = "wrk's -t, 1 to 4096 and at most the connections (default: the point's server thread"
                    + " count in a sweep, the machine's cores in a bench).")
    Integer wrkThreads;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the target server (default: 8000).")
    Integer port;

    @Option(names = "--server-address", paramLabel = "ADDRESS",
            description = "Where the target listens and wrk connects (default: 127.0.0.1, this machine only);"
                    + " with --generator-host, an address of this machine the hosts can reach.")
    String serverAddress;

    @Option(names = "--server-host", paramLabel = "[USER@]HOST[:PORT]",
            description = "Run the target server on this host over ssh (the profile's server.host): the bundled"
                    + " server (java there; loadctl ships its jar) or the profile's command, which must exist there;"
                    + " wrk connects to HOST unless --server-address says otherwise.")
    String serverHost;

    @Mixin
    GeneratorHostOptions hosts;

    SweepValues over(SweepValues base) {
        SweepValues set = SweepValues.NONE;
        set = wrkThreads == null ? set : set.withWrkThreads(wrkThreads);
        set = port == null ? set : set.withPort(port);
        set = serverAddress == null ? set : set.withServerAddress(serverAddress);
        set = serverHost == null ? set : set.withServerHost(serverHost);
        return hosts.over(set.over(base));
    }
}
