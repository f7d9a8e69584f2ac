package dev.loadctl.launch;

/** Makes the target server's start-up for one point of a sweep: the bundled server or a profile's command. */
public interface TargetLauncher {

    TargetSpec forThreads(int threads);

    /** "bundled", or the profile's command template as written: recorded in the result's parameters. */
    String description();

    /** Where the server runs: null for this machine, else a server host over ssh. */
    default ServerHost serverHost() {
        return null;
    }

    /**
     * Before the first start of a run is measured: readies, unmeasured, what every start reuses (the bundled
     * server's class archive). Never fails a run: what it could not ready only makes the start slower.
     */
    default void prepare() {
    }

    /** Starts the server for this point, here or on its server host. */
    default RunningTarget start(int threads) {
        TargetSpec spec = forThreads(threads);
        return serverHost() == null ? TargetProcess.start(spec) : RemoteTarget.start(serverHost(), spec);
    }
}
