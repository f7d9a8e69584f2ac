package dev.loadctl.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where runs write their result folders. */
public final class OutDirOption {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
            description = "Results folder (default: reports).")
    Path outDir;
}
