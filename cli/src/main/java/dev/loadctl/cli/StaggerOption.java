package dev.loadctl.cli;

import dev.loadctl.profile.SweepValues;
import picocli.CommandLine.Option;

/**
 * Whether wrk's connections start staggered (loadctl's script holds each one's first request a random time below
 * the handler's delay): shared by every command that runs wrk with the script. Unset keeps the profile's; on by
 * default.
 */
public final class StaggerOption {

    @Option(names = "--stagger", negatable = true,
            description = "Spread each connection's first request over the handler's delay, so the connections do"
                    + " not arrive in lock-step; needs the Lua script and costs wrk about 5 microseconds more CPU per"
                    + " response (default: on; --no-stagger sends them all at once).")
    Boolean stagger;

    SweepValues over(SweepValues base) {
        return stagger == null ? base : SweepValues.NONE.withStagger(stagger).over(base);
    }

    /** Without a profile to fall back on: on unless {@code --no-stagger}. */
    boolean on() {
        return stagger == null || stagger;
    }
}
