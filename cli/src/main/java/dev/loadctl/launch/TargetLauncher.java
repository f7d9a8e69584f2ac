package dev.loadctl.launch;

/** Makes the target server's start-up for one point of a sweep: the bundled server or a profile's command. */
public interface TargetLauncher {

    TargetSpec forThreads(int threads);

    /** "bundled", or the profile's command template as written: recorded in the result's parameters. */
    String description();
}
