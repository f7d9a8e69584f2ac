package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Option;

/** The load generator and where the target listens: shared by sweep, bench and doctor. */
public final class GeneratorOptions {

    @Option(names = "--wrk-threads", paramLabel = "T",
            description = "wrk's -t, 1 to 4096 and at most the connections (default: the point's server thread"
                    + " count in a sweep, the machine's cores in a bench).")
    Integer wrkThreads;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the target server (default: 8000).")
    Integer port;

    SweepValues over(SweepValues base) {
        SweepValues set = SweepValues.NONE;
        set = wrkThreads == null ? set : set.withWrkThreads(wrkThreads);
        set = port == null ? set : set.withPort(port);
        return set.over(base);
    }
}
