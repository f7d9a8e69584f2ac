package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Option;

import java.util.List;

/** How many wrk processes, and where: shared by sweep, bench, doctor (through {@link GeneratorOptions}) and run. */
public final class GeneratorHostOptions {

    @Option(names = "--generators", paramLabel = "N",
            description = "wrk processes sharing each point's connections and wrk threads; with --generator-host, N on"
                    + " each host (default: one, or as many as the open-files limit needs to open every connection).")
    Integer generators;

    @Option(names = "--generator-host", paramLabel = "[USER@]HOST[:PORT]",
            description = "Run wrk on this host over ssh (repeatable; no password prompts, one connection per host);"
                    + " the target must be reachable from it: see --server-address.")
    List<String> hosts;

    @Option(names = "--ssh-config", paramLabel = "FILE", description = "Every ssh runs with -F FILE.")
    String sshConfig;

    @Option(names = "--ssh-option", paramLabel = "KEY=VALUE",
            description = "Every ssh runs with -o KEY=VALUE (repeatable), e.g. IdentityFile=~/.ssh/loadgen.")
    List<String> sshOptions;

    SweepValues over(SweepValues base) {
        SweepValues set = SweepValues.NONE;
        set = generators == null ? set : set.withGenerators(generators);
        set = hosts == null ? set : set.withGeneratorHosts(List.copyOf(hosts));
        set = sshConfig == null ? set : set.withSshConfig(sshConfig);
        set = sshOptions == null ? set : set.withSshOptions(List.copyOf(sshOptions));
        return set.over(base);
    }
}
