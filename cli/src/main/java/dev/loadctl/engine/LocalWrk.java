package dev.loadctl.engine;

import dev.loadctl.result.WrkResult;
import dev.loadctl.wrk.Wrk;
import dev.loadctl.wrk.WrkProcess;

import java.time.Duration;

/**
 * One wrk process on this machine per measurement, a child of loadctl: its CPU reaches loadctl's
 * cutime once it is reaped, which is how {@link CpuClock} measures it.
 */
public final class LocalWrk implements LoadGenerator {

    private WrkProcess running;
    private boolean stopped;

    @Override
    public WrkResult measure(LoadShape load, Duration duration) {
        try (WrkProcess wrk = Wrk.start(load.invocation(duration))) {
            synchronized (this) {
                running = wrk;
                if (stopped) {
                    wrk.close();
                }
            }
            return wrk.awaitResult();
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    @Override
    public void stop() {
        WrkProcess wrk;
        synchronized (this) {
            stopped = true;
            wrk = running;
        }
        if (wrk != null) {
            wrk.close();
        }
    }
}
