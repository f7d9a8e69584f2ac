package dev.loadctl.preflight;

import dev.loadctl.Version;
import dev.loadctl.result.SweepResult;

import java.util.Locale;
import java.util.Optional;

/**
 * What the machine looks like to a load test. Null where a value could not be read.
 *
 * @param cores              cores this JVM may use (wrk and the server share them)
 * @param ephemeralPortLow   net.ipv4.ip_local_port_range, first port
 * @param ephemeralPortHigh  net.ipv4.ip_local_port_range, last port
 * @param tcpTwReuse         net.ipv4.tcp_tw_reuse (0 off, 1 on, 2 loopback only)
 */
public record MachineFacts(String os, String kernel, String cpuModel, int cores, OpenFiles openFiles,
                           Integer somaxconn, Integer tcpMaxSynBacklog, Integer ephemeralPortLow,
                           Integer ephemeralPortHigh, Integer tcpTwReuse, String hostname) {

    public static MachineFacts read(ProcFs fs, int cores) {
        Integer[] portRange = fs.sysctl("net.ipv4.ip_local_port_range")
                .map(MachineFacts::parseRange).orElse(new Integer[]{null, null});
        return new MachineFacts(
                osName(fs),
                fs.sysctl("kernel.osrelease").orElse(System.getProperty("os.version")),
                fs.lines("proc/cpuinfo").stream().filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(null),
                cores,
                OpenFiles.parseLimits(fs.lines("proc/self/limits")).orElse(null),
                fs.sysctlInt("net.core.somaxconn").orElse(null),
                fs.sysctlInt("net.ipv4.tcp_max_syn_backlog").orElse(null),
                portRange[0], portRange[1],
                fs.sysctlInt("net.ipv4.tcp_tw_reuse").orElse(null),
                fs.sysctl("kernel.hostname").orElse(null));
    }

    public static MachineFacts current() {
        return read(ProcFs.system(), Runtime.getRuntime().availableProcessors());
    }

    public MachineFacts withOpenFiles(OpenFiles limits) {
        return new MachineFacts(os, kernel, cpuModel, cores, limits, somaxconn, tcpMaxSynBacklog, ephemeralPortLow,
                ephemeralPortHigh, tcpTwReuse, hostname);
    }

    public Optional<Integer> ephemeralPorts() {
        return ephemeralPortLow == null || ephemeralPortHigh == null
                ? Optional.empty() : Optional.of(ephemeralPortHigh - ephemeralPortLow + 1);
    }

    public SweepResult.Environment toEnvironment(String wrkVersion) {
        return new SweepResult.Environment(os, kernel, cpuModel, cores,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                wrkVersion, Version.get(),
                openFiles == null ? null : openFiles.soft(), openFiles == null ? null : openFiles.hard(),
                somaxconn, tcpMaxSynBacklog,
                ephemeralPortLow == null ? null : ephemeralPortLow + "-" + ephemeralPortHigh, hostname);
    }

    private static String osName(ProcFs fs) {
        return fs.lines("etc/os-release").stream().filter(line -> line.startsWith("PRETTY_NAME="))
                .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst()
                .orElse(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    private static Integer[] parseRange(String text) {
        String[] parts = text.trim().split("\\s+");
        try {
            return new Integer[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            return new Integer[]{null, null};
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, %s, %d cores", os, kernel, cores);
    }
}
