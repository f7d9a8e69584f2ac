package dev.loadctl.engine;

import dev.loadctl.preflight.ProcFs;
import dev.loadctl.result.WrkResult.CpuUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuClockTest {

    @TempDir
    Path root;

    /** A /proc/PID/stat line; the command name holds a space and a parenthesis, as names may. */
    private void stat(String process, long utime, long stime, long cutime, long cstime) throws Exception {
        Path file = root.resolve("proc/" + process + "/stat");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "4242 (java (server) x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 25 0 12345 1000000 5000\n");
    }

    @Test
    void readsUtimeStimeAndTheReapedChildrensTimes() throws Exception {
        stat("4242", 300, 100, 0, 0);
        stat("4243", 50, 50, 0, 0);
        stat("self", 1000, 200, 7, 3);
        CpuClock.Reading reading = new CpuClock(new ProcFs(root)).read(List.of(4242L, 4243L, 9999L));
        assertThat(reading.serverTicks()).isEqualTo(Map.of(4242L, 400L, 4243L, 100L));
        assertThat(reading.selfTicks()).isEqualTo(1200);
        assertThat(reading.childTicks()).isEqualTo(10);
    }

    @Test
    void coresAreTicksPerSecondOverTheWindow() {
        long second = 1_000_000_000L;
        CpuClock.Reading start = new CpuClock.Reading(0, Map.of(1L, 1000L), 500, 2000);
        // 2 s later: server +150 ticks (0.75 core), a worker born in the window +50 (0.25), wrk reaped
        // with 360 ticks (1.8 cores), loadctl +1 tick.
        CpuClock.Reading end = new CpuClock.Reading(2 * second, Map.of(1L, 1150L, 2L, 50L), 501, 2360);
        CpuUsage cpu = CpuClock.between(start, end, 2, 2);
        assertThat(cpu.serverCores()).isCloseTo(1.0, within(1e-9));
        assertThat(cpu.wrkCores()).isCloseTo(1.8, within(1e-9));
        assertThat(cpu.loadctlCores()).isCloseTo(0.005, within(1e-9));
        assertThat(cpu.wrkSaturated()).isTrue();

        assertThat(CpuClock.between(start, end, 4, 8).wrkSaturated()).as("1.8 of 4 threads").isFalse();
        assertThat(CpuClock.between(start, new CpuClock.Reading(2 * second, Map.of(), 501, 2100), 1, 2))
                .satisfies(usage -> {
                    assertThat(usage.serverCores()).as("server gone: unknown").isNull();
                    assertThat(usage.wrkCores()).isCloseTo(0.5, within(1e-9));
                    assertThat(usage.wrkSaturated()).as("0.5 of 1 thread").isFalse();
                });
    }

    @Test
    void readsThisJvmFromTheRealProc() {
        CpuClock clock = new CpuClock(ProcFs.system());
        CpuClock.Reading reading = clock.read(List.of(ProcessHandle.current().pid()));
        assertThat(reading.selfTicks()).isPositive();
        assertThat(reading.serverTicks()).containsKey(ProcessHandle.current().pid());
    }

    /**
     * The wrk figure rests on this: once a child is reaped, its CPU time shows up in loadctl's
     * cutime+cstime. bash's {@code times} reports what it and its children used; the change in this
     * JVM's child ticks must match it.
     */
    @Test
    void aReapedChildsCpuTimeAppearsInTheParentsChildTicks() throws Exception {
        CpuClock clock = new CpuClock(ProcFs.system());
        CpuClock.Reading before = clock.read(List.of());
        Process busy = new ProcessBuilder("/bin/bash", "-c", "timeout 1 yes > /dev/null; times")
                .redirectErrorStream(true).start();
        String times = new String(busy.getInputStream().readAllBytes());
        assertThat(busy.waitFor()).isZero();
        CpuClock.Reading after = clock.read(List.of());

        double reportedSeconds = java.util.regex.Pattern.compile("(\\d+)m([\\d.]+)s").matcher(times).results()
                .mapToDouble(m -> Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))).sum();
        assertThat(reportedSeconds).as(times).isGreaterThan(0.1);
        assertThat((after.childTicks() - before.childTicks()) / CpuClock.TICKS_PER_SECOND)
                .isCloseTo(reportedSeconds, within(0.05));
    }
}
