package dev.loadctl.preflight;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.preflight.PreflightReport.Outcome;
import dev.loadctl.result.SweepResult.PreflightCheck;
import dev.loadctl.launch.Generators;
import dev.loadctl.launch.Ports;
import dev.loadctl.launch.ServerHost;
import dev.loadctl.launch.Ssh;
import dev.loadctl.launch.SshHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.loadctl.preflight.PreflightReport.FAIL;
import static dev.loadctl.preflight.PreflightReport.OK;
import static dev.loadctl.preflight.PreflightReport.WARN;

/**
 * Checks the machine before any load, each check ok, warn or fail with its fix. Failures stop a sweep
 * before it writes anything; warnings are recorded in the result beside the points they affect.
 */
public final class Preflight {

    /**
     * A profile's server's own descriptors beyond its connections, which loadctl cannot know (a Python's
     * modules, nginx's logs and worker channels): a generous guess, also the room the soft limit is raised by.
     */
    static final int SERVER_FILES_MARGIN = 256;

    /**
     * The most connections one source address can hold to one destination address and port: a connection is
     * told apart by its source port alone, and ephemeral ports can be at most 1024-65535.
     */
    static final int PORTS_PER_SOURCE_ADDRESS = 65535 - 1024 + 1;

    private static final String UNACCEPTED = "the rest are never answered and wrk reports no error for them"
            + " (fewer connections in effect)";

    private static final String SYSCTL_FIX = "sysctl -w %s=%d (and put it in /etc/sysctl.d/ to keep it)";

    private final MachineFacts facts;
    private final OpenFilesControl openFiles;
    private final Callable<String> wrkVersion;

    /**
     * @param wrkVersion wrk's version line; throws {@link LoadctlException} when wrk is missing
     */
    public Preflight(MachineFacts facts, OpenFilesControl openFiles, Callable<String> wrkVersion) {
        this.facts = facts;
        this.openFiles = openFiles;
        this.wrkVersion = wrkVersion;
    }

    /** This machine's checks for a request: what {@code loadctl doctor} prints and every run checks first. */
    public static PreflightReport check(PreflightRequest request, ProcFs procFs, Callable<String> wrkVersion) {
        MachineFacts facts = MachineFacts.read(procFs, Runtime.getRuntime().availableProcessors());
        return new Preflight(facts, OpenFilesControl.ofThisProcess(procFs), wrkVersion).run(request);
    }

    public PreflightReport run(PreflightRequest request) {
        List<Outcome> outcomes = new ArrayList<>();
        String version = wrk(outcomes, request.generators().remote());
        outcomes.add(connectionsPerThread(request));
        MachineFacts judged = openFiles(request, outcomes);
        outcomes.add(listenBacklog(request));
        outcomes.add(synBacklog(request));
        outcomes.add(ephemeralPorts(request));
        outcomes.add(cores(request));
        if (request.serverHost() == null) {
            outcomes.add(port(request));
            outcomes.addAll(targetChecks(request.serverCommand(), request.requirements()));
        } else {
            outcomes.addAll(serverHostChecks(request));
        }
        outcomes.addAll(generatorChecks(request));
        return new PreflightReport(List.copyOf(outcomes), judged, version);
    }

    /**
     * The checks of a profile's own server alone: its program is installed and each {@code requires:} probe
     * succeeds. A bench runs them first, to skip a target whose server is missing and go on with the others.
     */
    public static List<Outcome> targetChecks(List<String> serverCommand, List<Requirement> requirements) {
        List<Outcome> outcomes = new ArrayList<>();
        serverProgram(serverCommand).ifPresent(outcomes::add);
        requirements.forEach(requirement -> outcomes.add(requirement(requirement)));
        return outcomes;
    }

    /** @param remoteOnly wrk runs on generator hosts only: this machine's wrk is not needed */
    private String wrk(List<Outcome> outcomes, boolean remoteOnly) {
        try {
            String version = wrkVersion.call();
            outcomes.add(ok("wrk", version));
            return version;
        } catch (Exception e) {
            if (remoteOnly) {
                outcomes.add(ok("wrk", "not on this machine, and not needed here: wrk runs on the generator hosts"));
                return null;
            }
            outcomes.add(fail("wrk", ExitCode.ENVIRONMENT, "wrk is not installed or not on PATH (" + e.getMessage() + ")",
                    "install it: apt-get install wrk (or make ensure-wrk)"));
            return null;
        }
    }

    private Outcome connectionsPerThread(PreflightRequest request) {
        int threads = Math.max(request.maxWrkThreads(), request.generators().count());
        if (request.connections() < threads) {
            return fail("connections", ExitCode.USAGE, String.format(Locale.ROOT,
                            "%,d connections < %d wrk threads: wrk needs at least one connection per thread",
                            request.connections(), threads),
                    "pass --connections " + threads + " or more, or fewer --threads/--wrk-threads");
        }
        return ok("connections", String.format(Locale.ROOT, "%,d connections for up to %s",
                request.connections(), count(threads, "wrk thread")));
    }

    /**
     * wrk's own descriptors beyond its connections: stdin, stdout, stderr and one epoll set per thread (the Lua
     * script is read and closed before any connection opens). Measured in docs/sweep.md: with 1,000 descriptors
     * and -c2000, wrk opened 996, 995, 993 and 989 connections at -t1, -t2, -t4 and -t8.
     */
    static int wrkOwnFiles(int wrkThreads) {
        return 3 + wrkThreads;
    }

    /**
     * The bundled server's own descriptors: stdio, the JDK's modules file, loadctl.jar, two sockets (the listening
     * one among them), and an epoll set and a wake-up eventfd for each IO thread and one more selector. Measured
     * in docs/sweep.md: 11 at 1 IO thread, 25 at 8.
     */
    static int bundledServerOwnFiles(int ioThreads) {
        return 9 + 2 * ioThreads;
    }

    /**
     * Judged on the limit after raising the soft limit where the hard limit allows it. wrk and the server are
     * separate processes, each with its own limit: wrk inherits loadctl's soft limit and a connection it cannot
     * open is a connect error; the bundled server's JVM raises its soft limit to the hard one, and a connection
     * it cannot accept is never answered.
     */
    private MachineFacts openFiles(PreflightRequest request, List<Outcome> outcomes) {
        long connections = request.connections();
        Generators generators = request.generators();
        long needed = generators.remote() ? connections + SERVER_FILES_MARGIN
                : Math.max(connections + SERVER_FILES_MARGIN, perGenerator(connections, generators.local())
                + wrkOwnFiles(perGenerator(request.maxWrkThreads(), generators.local())));
        Optional<OpenFiles> before = openFiles.read();
        if (before.isEmpty()) {
            outcomes.add(warn("open files", "cannot read the open-files limit from /proc/self/limits",
                    "check it with ulimit -n (needs ~" + needed + ")"));
            return facts;
        }
        OpenFiles limit = before.get();
        String raised = "";
        if (limit.soft() < needed && limit.hard() > limit.soft()) {
            OpenFiles after = openFiles.raiseSoft(Math.min(needed, limit.hard())).orElse(limit);
            if (after.soft() > limit.soft()) {
                raised = String.format(Locale.ROOT, "raised the soft limit from %,d to %,d for wrk and the server; ",
                        limit.soft(), after.soft());
            }
            limit = after;
        }
        List<String> shortfalls = new ArrayList<>();
        if (!generators.remote()) {
            wrkShortfall(request, limit.soft()).ifPresent(shortfalls::add);
        }
        serverShortfall(request, limit).ifPresent(shortfalls::add);
        String processes = generators.local() > 1 ? String.format(Locale.ROOT, "; %d wrk processes of up to %,d"
                + " connections each (%s)", generators.local(), perGenerator(connections, generators.local()),
                generators.rule()) : "";
        if (shortfalls.isEmpty()) {
            outcomes.add(ok("open files", String.format(Locale.ROOT, "%ssoft %s / hard %s: enough for %,d connections"
                            + " and %s and the server's own files%s", raised, limitText(limit.soft()),
                    limitText(limit.hard()), connections, generators.remote() ? "(wrk runs on the generator hosts)"
                            : "wrk's", processes)));
        } else {
            String fix = String.format(Locale.ROOT, "raise it to %d or more: ulimit -n %d in this shell (soft, up to"
                    + " the hard limit); as root ulimit -Hn, 'nofile' in /etc/security/limits.conf, or LimitNOFILE="
                    + " in the systemd unit", needed, needed);
            outcomes.add(warn("open files", String.format(Locale.ROOT, "%sthe open-files limit (soft %s, hard %s) is"
                            + " short: %s%s", raised, limitText(limit.soft()), limitText(limit.hard()),
                    String.join("; ", shortfalls), processes), fix));
        }
        return facts.withOpenFiles(limit);
    }

    /**
     * The fewest wrk processes that open {@code connections} with {@code wrkThreads} threads in all under
     * this open-files limit: each opens at most {@code limit - (3 + its threads)} ({@link #wrkOwnFiles}).
     * One when one is enough, or when no number of them is (each has its own limit, so more would do; but
     * past 64 the limit is the thing to fix).
     */
    public static int localGeneratorsFor(long limit, int connections, int wrkThreads) {
        for (int n = 1; n <= 64; n++) {
            long each = perGenerator(connections, n);
            if (each + wrkOwnFiles(perGenerator(wrkThreads, n)) <= limit) {
                return n;
            }
        }
        return 1;
    }

    /** One generator's share of {@code total} among {@code n}: the larger, when it does not divide, and 1 at least. */
    static int perGenerator(long total, int n) {
        return (int) Math.max(1, (total + n - 1) / Math.max(1, n));
    }

    /** How many connections wrk cannot open (connect errors), from its fewest to its most threads. */
    private static Optional<String> wrkShortfall(PreflightRequest request, long soft) {
        int n = request.generators().local();
        long connections = perGenerator(request.connections(), n);
        int fewest = perGenerator(request.minWrkThreads(), n);
        int most = perGenerator(request.maxWrkThreads(), n);
        long opensAtMost = Math.max(0, Math.min(connections, soft - wrkOwnFiles(most)));
        if (opensAtMost >= connections) {
            return Optional.empty();
        }
        long opensAtFewest = Math.max(0, Math.min(connections, soft - wrkOwnFiles(fewest)));
        String opens = fewest == most
                ? String.format(Locale.ROOT, "%,d", opensAtMost)
                : String.format(Locale.ROOT, "%,d (-t%d) to %,d (-t%d)", opensAtFewest, fewest, opensAtMost, most);
        String errors = fewest == most || opensAtFewest == opensAtMost
                ? String.format(Locale.ROOT, "%,d", connections - opensAtMost)
                : String.format(Locale.ROOT, "%,d to %,d", connections - opensAtFewest, connections - opensAtMost);
        String text = String.format(Locale.ROOT, "%s can open at most %s of the %,d connections (its own files: 3"
                + " + 1 per thread), so expect %s connect errors per run%s", n > 1 ? "each of the " + n
                + " wrk processes" : "wrk", opens, connections, errors, n > 1 ? " each" : "");
        // wrk creates each thread's epoll set just before starting that thread, while the threads before it
        // are already connecting: when their connections alone use up the limit, the next epoll_create fails
        // and wrk exits with "unable to create thread N: Too many open files".
        long beforeLastThread = 3 + (most - 1) + (long) (most - 1) * (connections / most);
        if (most > 1 && beforeLastThread >= soft) {
            text += String.format(Locale.ROOT, ", or wrk -t%d may fail outright ('unable to create thread %d: Too"
                    + " many open files') when its first threads use up the limit before it starts the last", most,
                    most - 1);
        }
        if (n == 1) {
            text += " (--generators 2 or more shares them among wrk processes, each with its own limit)";
        }
        return Optional.of(text);
    }

    /**
     * How many connections the server cannot accept. wrk reports nothing for them: they are never answered,
     * and wrk 4 counts a timeout only when a late response arrives; they lower the connections in effect.
     */
    private static Optional<String> serverShortfall(PreflightRequest request, OpenFiles limit) {
        if (request.serverHost() != null) {
            return Optional.empty(); // the host's limits are the server's, not this machine's
        }
        long connections = request.connections();
        if (request.serverCommand().isEmpty()) {
            int most = request.maxServerThreads();
            long holds = Math.max(0, limit.hard() - bundledServerOwnFiles(most));
            if (limit.hard() == Long.MAX_VALUE || holds >= connections) {
                return Optional.empty();
            }
            return Optional.of(String.format(Locale.ROOT, "the bundled server (its JVM raises its soft limit to the"
                    + " hard one) can accept %,d of them at %s (its own files: 9 + 2 per thread); %s", holds,
                    count(most, "thread"), UNACCEPTED));
        }
        long holds = Math.max(0, limit.soft() - SERVER_FILES_MARGIN);
        if (limit.soft() == Long.MAX_VALUE || holds >= connections) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the profile's server, if it keeps the soft limit, can accept"
                + " about %,d (guessing %d files of its own); %s", holds, SERVER_FILES_MARGIN, UNACCEPTED));
    }

    private Outcome listenBacklog(PreflightRequest request) {
        return queueAtLeastConnections("listen backlog", "net.core.somaxconn", facts.somaxconn(), request,
                "wrk opens them all at once, so the accept queue may overflow and the surplus retries its SYN"
                        + " after 1 s, 3 s, ... (slow first seconds, maybe connect timeouts)");
    }

    private Outcome synBacklog(PreflightRequest request) {
        return queueAtLeastConnections("SYN backlog", "net.ipv4.tcp_max_syn_backlog", facts.tcpMaxSynBacklog(),
                request, "half-open connections beyond it fall back to SYN cookies or are dropped and retried");
    }

    /** A kernel queue against wrk's connect burst: all connections are opened at once when wrk starts. */
    private static Outcome queueAtLeastConnections(String check, String sysctl, Integer size,
                                                   PreflightRequest request, String shortfall) {
        if (size == null) {
            return warn(check, "cannot read " + sysctl, null);
        }
        if (size >= request.connections()) {
            return ok(check, String.format(Locale.ROOT, "%s %,d >= %,d connections", sysctl, size,
                    request.connections()));
        }
        return warn(check, String.format(Locale.ROOT, "%s %,d < %,d connections: %s", sysctl, size,
                request.connections(), shortfall), String.format(Locale.ROOT, SYSCTL_FIX, sysctl,
                request.connections()));
    }

    private Outcome ephemeralPorts(PreflightRequest request) {
        if (request.generators().remote()) {
            return ok("ephemeral ports", "the connections come from the generator hosts: see their checks");
        }
        if (request.connections() > PORTS_PER_SOURCE_ADDRESS) {
            return fail("ephemeral ports", ExitCode.ENVIRONMENT, String.format(Locale.ROOT, "%,d connections to one"
                            + " address and port need more than the %,d source ports one source address has (1024-65535,"
                            + " the widest ip_local_port_range): no port range on this machine can hold them",
                    request.connections(), PORTS_PER_SOURCE_ADDRESS),
                    String.format(Locale.ROOT, "use at most %,d connections from this machine; more need several"
                            + " source addresses or generator hosts, each running wrk: --generator-host [user@]host"
                            + " (repeatable; wrk processes on one address share its ports)", PORTS_PER_SOURCE_ADDRESS));
        }
        Optional<Integer> ports = facts.ephemeralPorts();
        if (ports.isEmpty()) {
            return warn("ephemeral ports", "cannot read net.ipv4.ip_local_port_range", null);
        }
        String range = facts.ephemeralPortLow() + "-" + facts.ephemeralPortHigh();
        String fix = String.format(Locale.ROOT, "widen it: sysctl -w net.ipv4.ip_local_port_range=\"1024 %d\"",
                Math.min(65535, 1024 + 2 * request.connections()));
        if (request.connections() > ports.get()) {
            return fail("ephemeral ports", ExitCode.ENVIRONMENT, String.format(Locale.ROOT,
                    "ip_local_port_range %s has %,d ports: wrk cannot open %,d connections to one address",
                    range, ports.get(), request.connections()), fix);
        }
        boolean twReuse = facts.tcpTwReuse() != null && facts.tcpTwReuse() != 0;
        if (2L * request.connections() > ports.get() && !twReuse) {
            return warn("ephemeral ports", String.format(Locale.ROOT, "ip_local_port_range %s has %,d ports and"
                    + " tcp_tw_reuse is off: the previous run's %,d connections wait 60 s in TIME_WAIT and may leave"
                    + " too few ports", range, ports.get(), request.connections()), fix
                    + ", or sysctl -w net.ipv4.tcp_tw_reuse=2");
        }
        return ok("ephemeral ports", String.format(Locale.ROOT, "ip_local_port_range %s: %,d ports for %,d connections",
                range, ports.get(), request.connections()));
    }

    private Outcome cores(PreflightRequest request) {
        if (request.generators().remote()) {
            return ok("cores", String.format(Locale.ROOT, "%s for the server (up to %s); wrk runs on the generator"
                    + " hosts", count(facts.cores(), "core"), count(request.maxServerThreads(), "thread")));
        }
        if (request.serverHost() != null) {
            return ok("cores", String.format(Locale.ROOT, "%s for wrk (up to %s); the server runs on %s",
                    count(facts.cores(), "core"), count(request.maxWrkThreads(), "thread"), request.serverHost()));
        }
        int wanted = request.maxWrkThreads() + request.maxServerThreads();
        String message = String.format(Locale.ROOT, "%s shared by wrk (up to %s) and the server (up to %s)",
                count(facts.cores(), "core"), count(request.maxWrkThreads(), "thread"),
                count(request.maxServerThreads(), "thread"));
        if (facts.cores() >= wanted) {
            return ok("cores", message);
        }
        return warn("cores", message + ": they compete for CPU; loadctl records both processes' CPU and flags the"
                + " points where wrk is the bottleneck", "read each point's CPU figures; where wrk is saturated,"
                + " throughput is a lower bound");
    }

    private Outcome port(PreflightRequest request) {
        if (Ports.isFree(request.host(), request.port())) {
            return ok("port", "port " + request.port() + " on " + request.host() + " is free");
        }
        return fail("port", ExitCode.ENVIRONMENT, "port " + request.port() + " is in use",
                "stop what listens there or pass --port");
    }

    /** How long one host's check may take: an ssh login over a slow link included. */
    private static final Duration HOST_CHECK_LIMIT = Duration.ofSeconds(30);
    private static final String PROBE = "loadctl-probe";

    /**
     * Each generator host, over ssh, before any load: ssh logs in without a prompt, wrk and the wrapper's
     * tools are there, and its open-files limit and port range hold its share of the connections. A failure is
     * ssh's or the host's own line, and its fix (exit 3). That the host reaches the load URL is checked once
     * the first point's target answers, before its load.
     */
    public static List<Outcome> generatorChecks(PreflightRequest request) {
        Generators generators = request.generators();
        if (!generators.remote()) {
            return List.of();
        }
        Map<String, SshHost> distinct = new LinkedHashMap<>();
        Map<String, Integer> listed = new LinkedHashMap<>();
        for (SshHost host : generators.hosts()) {
            distinct.putIfAbsent(host.given(), host);
            listed.merge(host.given(), 1, Integer::sum);
        }
        int each = perGenerator(request.connections(), generators.count());
        int threads = perGenerator(request.maxWrkThreads(), generators.count());
        Ssh ssh = Ssh.shared(generators.ssh());
        String probe = "if ! command -v wrk >/dev/null 2>&1; then echo " + PROBE + " no-wrk; exit 0; fi;"
                + " echo \"" + PROBE + " wrk $(wrk -v 2>&1 | head -n 1)\";"
                + " echo \"" + PROBE + " cores $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null)\";"
                + " echo \"" + PROBE + " nofile $(ulimit -Hn)\";"
                + " echo \"" + PROBE + " ports $(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)\";"
                + " for t in head mktemp wc; do command -v $t >/dev/null 2>&1 || echo \"" + PROBE + " missing $t\"; done";
        List<Outcome> outcomes = new ArrayList<>();
        for (SshHost host : distinct.values()) {
            String name = "generator " + host.given();
            int processes = generators.perHost() * listed.get(host.given());
            Ssh.Result result = ssh.run(host, "sh -c " + Ssh.quote(probe), null, HOST_CHECK_LIMIT);
            if (result.exitCode() != 0) {
                outcomes.add(fail(name, ExitCode.ENVIRONMENT, name + ": " + (result.sshFailed() ? "ssh failed: " : "")
                        + result.errorLine(), Ssh.fix(result.errorLine(), host, generators.ssh())));
                continue;
            }
            Map<String, String> said = new LinkedHashMap<>();
            result.stdout().lines().filter(line -> line.startsWith(PROBE + " ")).forEach(line -> {
                String rest = line.substring(PROBE.length() + 1);
                int space = rest.indexOf(' ');
                said.merge(space < 0 ? rest : rest.substring(0, space), space < 0 ? "" : rest.substring(space + 1).strip(),
                        (a, b) -> a + " " + b);
            });
            if (said.containsKey("no-wrk")) {
                outcomes.add(fail(name, ExitCode.ENVIRONMENT, name + " has no wrk on its PATH",
                        "install it there (Debian/Ubuntu: apt-get install wrk)"));
                continue;
            }
            if (said.containsKey("missing")) {
                outcomes.add(fail(name, ExitCode.ENVIRONMENT, name + " lacks " + said.get("missing") + ", which loadctl's"
                        + " wrapper around wrk needs", "install coreutils there"));
                continue;
            }
            if (!said.containsKey("wrk")) {
                outcomes.add(fail(name, ExitCode.ENVIRONMENT, name + ": the check printed nothing loadctl knows ("
                        + Ssh.lastLine(result.stdout()) + "): is the login shell a POSIX shell?", Ssh.fix("", host,
                        generators.ssh())));
                continue;
            }
            List<String> shortfalls = new ArrayList<>();
            long hard = parseLong(said.get("nofile"), Long.MAX_VALUE);
            if (each + wrkOwnFiles(threads) > hard) {
                shortfalls.add(String.format(Locale.ROOT, "its open-files hard limit %,d holds %,d of each wrk's %,d"
                        + " connections", hard, Math.max(0, hard - wrkOwnFiles(threads)), each));
            }
            String[] range = said.getOrDefault("ports", "").trim().split("\\s+");
            long hostConnections = (long) each * processes;
            if (range.length == 2) {
                long ports = parseLong(range[1], 0) - parseLong(range[0], 0) + 1;
                if (hostConnections > ports) {
                    shortfalls.add(String.format(Locale.ROOT, "its ip_local_port_range %s-%s has %,d ports for its"
                            + " %,d connections", range[0], range[1], ports, hostConnections));
                }
            }
            String found = String.format(Locale.ROOT, "%s: %s, %s cores, open files %s; %d wrk process%s of %,d"
                            + " connections", name, said.get("wrk"), said.getOrDefault("cores", "?"),
                    hard == Long.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%,d", hard), processes,
                    processes == 1 ? "" : "es", each);
            outcomes.add(shortfalls.isEmpty() ? ok(name, found)
                    : warn(name, found + ": " + String.join("; ", shortfalls) + " (expect connect errors)",
                    "raise them on the host, or add generator hosts"));
        }
        return outcomes;
    }

    /**
     * The server host, over ssh, before any load: ssh logs in without a prompt, and the server's program and
     * the wrapper's tools are on its PATH; then the profile's requirements, run there. A failure is ssh's or the
     * host's own line, and its fix (exit 3).
     */
    public static List<Outcome> serverHostChecks(PreflightRequest request) {
        ServerHost server = request.serverHost();
        String name = "server host " + server;
        String program = request.serverCommand().isEmpty() ? "java" : request.serverCommand().get(0);
        List<String> tools = new ArrayList<>(List.of("setsid", "mktemp", "head", "wc"));
        if (!program.contains("{")) {
            tools.add(program);
        }
        StringBuilder probe = new StringBuilder("for t in");
        tools.forEach(tool -> probe.append(' ').append(Ssh.quote(tool)));
        probe.append("; do command -v \"$t\" >/dev/null 2>&1 || echo \"" + PROBE + " missing $t\"; done; echo \""
                + PROBE + " cores $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null)\"");
        Ssh ssh = Ssh.shared(server.ssh());
        Ssh.Result result = ssh.run(server.host(), "sh -c " + Ssh.quote(probe.toString()), null, HOST_CHECK_LIMIT);
        if (result.exitCode() != 0) {
            return List.of(fail(name, ExitCode.ENVIRONMENT, name + ": " + (result.sshFailed() ? "ssh failed: " : "")
                    + result.errorLine(), Ssh.fix(result.errorLine(), server.host(), server.ssh())));
        }
        List<String> missing = result.stdout().lines().filter(line -> line.startsWith(PROBE + " missing "))
                .map(line -> line.substring((PROBE + " missing ").length()).strip()).toList();
        if (!missing.isEmpty()) {
            return List.of(fail(name, ExitCode.ENVIRONMENT, name + " lacks " + String.join(", ", missing) + " on its"
                    + " PATH", missing.contains(program) ? (request.serverCommand().isEmpty()
                    ? "install Java 17 or later there (the bundled server runs on it)"
                    : "install the server there, or change server.command in the profile")
                    : "install util-linux and coreutils there (the server's wrapper needs them)"));
        }
        String cores = result.stdout().lines().filter(line -> line.startsWith(PROBE + " cores "))
                .map(line -> line.substring((PROBE + " cores ").length()).strip()).findFirst().orElse("?");
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(ok(name, name + ": " + program + " and the wrapper's tools are there, " + cores + " cores; the"
                + " server listens on " + request.host() + ":" + request.port()));
        for (Requirement requirement : request.requirements()) {
            String command = String.join(" ", requirement.command().stream().map(Ssh::quote).toList());
            Ssh.Result check = ssh.run(server.host(), command, null, HOST_CHECK_LIMIT);
            outcomes.add(check.exitCode() == 0
                    ? ok(requirement.name(), "present on " + server + " (" + String.join(" ", requirement.command())
                    + " succeeded)")
                    : fail(requirement.name(), ExitCode.ENVIRONMENT, requirement.name() + " missing on " + server
                    + " (" + check.errorLine() + ")", requirement.fix()));
        }
        return outcomes;
    }

    private static long parseLong(String text, long otherwise) {
        try {
            return text == null ? otherwise : text.strip().equals("unlimited") ? Long.MAX_VALUE
                    : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The profile's server program must exist (an absolute path, or a name found on PATH). */
    private static Optional<Outcome> serverProgram(List<String> serverCommand) {
        if (serverCommand.isEmpty()) {
            return Optional.empty();
        }
        String program = serverCommand.get(0);
        Optional<Path> found = program.contains("/") ? Optional.of(Path.of(program)).filter(Files::isExecutable)
                : onPath(program);
        return Optional.of(found.isPresent()
                ? ok("server program", found.get().toString())
                : fail("server program", ExitCode.ENVIRONMENT, "the profile's server program " + program
                + " is not installed", "install it, or change server.command in the profile"));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Arrays.stream(path.split(":"))
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }

    private static Outcome requirement(Requirement requirement) {
        String name = requirement.name();
        Path output = null;
        try {
            output = Files.createTempFile("loadctl-requirement", ".txt");
            Process probe = new ProcessBuilder(requirement.command()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            probe.getOutputStream().close();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return fail(name, ExitCode.ENVIRONMENT, name + ": the check did not finish within 30 s",
                        requirement.fix());
            }
            if (probe.exitValue() == 0) {
                return ok(name, "present (" + String.join(" ", requirement.command()) + " succeeded)");
            }
            List<String> lines = Files.readAllLines(output).stream().filter(line -> !line.isBlank()).toList();
            return fail(name, ExitCode.ENVIRONMENT, name + " missing"
                    + (lines.isEmpty() ? "" : " (" + lines.get(lines.size() - 1).trim() + ")"), requirement.fix());
        } catch (IOException e) {
            return fail(name, ExitCode.ENVIRONMENT, name + " missing (cannot run " + requirement.command().get(0) + ")",
                    requirement.fix());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(name, ExitCode.ENVIRONMENT, name + ": the check was interrupted", requirement.fix());
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** "1 thread", "2 threads". */
    static String count(int n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String limitText(long limit) {
        return limit == Long.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%,d", limit);
    }

    private static Outcome ok(String name, String message) {
        return new Outcome(new PreflightCheck(name, OK, message, null), null);
    }

    private static Outcome warn(String name, String message, String fix) {
        return new Outcome(new PreflightCheck(name, WARN, message, fix), null);
    }

    private static Outcome fail(String name, ExitCode code, String message, String fix) {
        return new Outcome(new PreflightCheck(name, FAIL, message, fix), code);
    }
}
