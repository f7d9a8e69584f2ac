package dev.loadctl.engine;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.launch.Generators;
import dev.loadctl.launch.Ssh;
import dev.loadctl.launch.SshHost;
import dev.loadctl.result.GeneratorRun;
import dev.loadctl.result.GeneratorRun.GeneratorCpu;
import dev.loadctl.result.Rules;
import dev.loadctl.result.WrkResult;
import dev.loadctl.result.WrkResult.CpuUsage;
import dev.loadctl.wrk.Wrk;
import dev.loadctl.wrk.WrkInvocation;
import dev.loadctl.wrk.WrkMerge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Several wrk processes as one load generator: on this machine ({@code --generators N}), or N on each
 * generator host over ssh ({@code --generator-host}). A point's connections and wrk threads are shared
 * among them as evenly as possible; they start together (each waits, ready, for one {@code go} line) and
 * their results are merged into the point's one result ({@link WrkMerge}), each one's own figures beside it.
 * A generator that fails fails the point at once: the others are stopped, and the error names it.
 */
public final class MultiWrk implements LoadGenerator {

    /** How long a generator may take from being started to waiting for {@code go}: an ssh login included. */
    static final Duration READY_LIMIT = Duration.ofSeconds(30);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);
    private static final int CLOCK_SAMPLES = 5;

    private final Generators generators;
    private final Ssh ssh;
    private final String localWrk;
    private final Map<SshHost, HostFacts> facts = new HashMap<>();
    private final Set<String> reached = new HashSet<>();
    private final List<GeneratorProcess> running = new ArrayList<>();
    private volatile boolean stopped;

    public MultiWrk(Generators generators) {
        this.generators = generators;
        this.ssh = generators.remote() ? Ssh.shared(generators.ssh()) : null;
        this.localWrk = Wrk.executable();
    }

    /**
     * A host's cores (for its generators' saturation) and how far its clock is from this one's (to line
     * up the generators' windows); an offset within the round trip it was measured over counts as none.
     */
    record HostFacts(Integer cores, long clockOffsetMicros, long roundTripMicros) {
    }

    /** One generator's share of a point. */
    record Slot(SshHost host, int index, int threads, int connections) {
    }

    /**
     * The point's wrk threads and connections shared among the generators, in order: each gets at least one
     * thread (so N generators run at least N threads in all) and the connections as evenly as possible.
     */
    static List<Slot> slots(Generators generators, int threads, int connections) {
        int n = generators.count();
        if (connections < Math.max(n, threads)) {
            throw new LoadctlException(ExitCode.USAGE, connections + " connections cannot be shared among " + n
                    + " wrk processes with " + Math.max(n, threads) + " threads in all: each needs at least one"
                    + " connection per thread; raise --connections or lower --generators");
        }
        List<Slot> slots = new ArrayList<>();
        Map<String, Integer> perName = new HashMap<>();
        int i = 0;
        List<SshHost> hosts = generators.remote() ? generators.hosts() : java.util.Collections.singletonList(null);
        for (SshHost host : hosts) {
            for (int j = 0; j < generators.perHost(); j++, i++) {
                // A host listed twice is still one host: its generators are numbered on from the first listing.
                int index = perName.merge(host == null ? GeneratorRun.LOCAL : host.given(), 1, Integer::sum);
                int own = Math.max(1, threads / n + (i < threads % n ? 1 : 0));
                int ownConnections = Math.max(own, connections / n + (i < connections % n ? 1 : 0));
                slots.add(new Slot(host, index, own, ownConnections));
            }
        }
        return slots;
    }

    @Override
    public WrkResult measure(LoadShape load, Duration duration) {
        List<Slot> slots = slots(generators, load.wrkThreads(), load.connections());
        byte[] script = load.lua() ? Wrk.luaScript() : null;
        hostFacts();
        List<GeneratorProcess> started = new ArrayList<>();
        try {
            for (Slot slot : slots) {
                WrkInvocation invocation = new WrkInvocation(load.url(), slot.threads(), slot.connections(), duration,
                        load.timeout(), load.lua(), load.staggerStart());
                GeneratorProcess generator = GeneratorProcess.start(ssh, slot.host(), slot.index(),
                        slot.host() == null ? localWrk : "wrk", invocation, script);
                started.add(generator);
                track(generator);
            }
            long deadline = System.nanoTime() + READY_LIMIT.toNanos();
            for (GeneratorProcess generator : started) {
                generator.awaitReady(deadline, READY_LIMIT.toSeconds());
            }
            // Together: one short write each, nothing in between.
            started.forEach(GeneratorProcess::go);
            awaitAll(started);
            List<WrkMerge.Part> parts = new ArrayList<>();
            for (GeneratorProcess generator : started) {
                GeneratorProcess.Finished finished = generator.finish();
                parts.add(part(generator, finished));
            }
            return WrkMerge.merge(parts);
        } finally {
            started.forEach(GeneratorProcess::requestStop);
            started.forEach(GeneratorProcess::close);
            synchronized (this) {
                running.removeAll(started);
            }
        }
    }

    /** Waits until every wrapper has exited; the first that fails stops the others and fails the point. */
    private void awaitAll(List<GeneratorProcess> started) {
        List<GeneratorProcess> waiting = new ArrayList<>(started);
        while (!waiting.isEmpty()) {
            try {
                CompletableFuture.anyOf(waiting.stream().map(GeneratorProcess::onExit)
                        .toArray(CompletableFuture[]::new)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted: wrk was stopped before it finished");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            for (GeneratorProcess generator : List.copyOf(waiting)) {
                if (!generator.isAlive()) {
                    waiting.remove(generator);
                    if (stopped) {
                        throw new LoadctlException(ExitCode.INTERRUPTED, "wrk was stopped before it finished");
                    }
                    if (generator.exitValue() != 0) {
                        LoadctlException failure = generator.failure(generator.exitValue(), null);
                        waiting.forEach(GeneratorProcess::requestStop);
                        throw failure;
                    }
                }
            }
        }
    }

    private WrkMerge.Part part(GeneratorProcess generator, GeneratorProcess.Finished finished) {
        WrkResult result = finished.parsed().result();
        HostFacts host = generator.sshHost() == null ? null : facts.get(generator.sshHost());
        Integer cores = host == null ? Runtime.getRuntime().availableProcessors() : host.cores();
        GeneratorCpu cpu = null;
        if (!Double.isNaN(finished.cpuSeconds())) {
            double used = Math.round(finished.cpuSeconds() / finished.wallSeconds() * 1000) / 1000.0;
            cpu = new GeneratorCpu(used, result.threads(), cores,
                    Rules.isWrkSaturated(used, result.threads(), cores == null ? result.threads() : cores));
        }
        Long start = finished.parsed().windowStartMicros();
        if (start != null && host != null) {
            start -= host.clockOffsetMicros();
        }
        return new WrkMerge.Part(generator.host(), generator.index(), result, finished.parsed().ladder(), start, cpu);
    }

    /**
     * Once per host: its cores, and its clock against this one's. One session answers a line with the time
     * for each line sent, so that a round trip is the network's alone (a login, which can take seconds, is not
     * in it); the quickest of a few counts. This also opens the host's multiplexed connection before its
     * generators need it, so that they all share one.
     */
    private void hostFacts() {
        if (!generators.remote()) {
            return;
        }
        for (SshHost host : generators.hosts()) {
            if (!facts.containsKey(host)) {
                facts.put(host, hostFacts(host));
            }
        }
    }

    private HostFacts hostFacts(SshHost host) {
        Path err = null;
        Process process = null;
        try {
            err = Files.createTempFile("loadctl-ssh-", ".err");
            process = ssh.startPiped(host, "sh -c " + Ssh.quote("getconf _NPROCESSORS_ONLN 2>/dev/null || nproc"
                    + " 2>/dev/null || echo ?; while IFS= read -r _; do date +%s%N; done"), err.toFile());
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            String coresLine = out.readLine();
            if (coresLine == null) {
                process.waitFor(PROBE_LIMIT.toSeconds(), TimeUnit.SECONDS);
                String line = Ssh.lastLine(Files.readString(err));
                throw new LoadctlException(ExitCode.ENVIRONMENT, "generator host " + host + ": ssh failed: " + line
                        + ": " + Ssh.fix(line, host, generators.ssh()));
            }
            Integer cores = coresLine.strip().matches("\\d+") ? Integer.valueOf(coresLine.strip()) : null;
            long bestRoundTrip = Long.MAX_VALUE;
            long offset = 0;
            for (int sample = 0; sample < CLOCK_SAMPLES; sample++) {
                long before = micros(Instant.now());
                in.write("t\n");
                in.flush();
                String text = out.readLine();
                long after = micros(Instant.now());
                if (text == null || !text.strip().matches("\\d{19}")) {
                    break; // no nanoseconds from this date: the host's clock is taken as it is
                }
                if (after - before < bestRoundTrip) {
                    bestRoundTrip = after - before;
                    offset = Long.parseLong(text.strip()) / 1000 - (before + after) / 2;
                }
            }
            long applied = bestRoundTrip != Long.MAX_VALUE && Math.abs(offset) > bestRoundTrip / 2 + 1000 ? offset : 0;
            return new HostFacts(cores, applied, bestRoundTrip == Long.MAX_VALUE ? -1 : bestRoundTrip);
        } catch (IOException e) {
            throw new LoadctlException(ExitCode.ENVIRONMENT, "generator host " + host + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadctlException(ExitCode.INTERRUPTED, "interrupted while asking " + host + " for its clock");
        } finally {
            if (process != null) {
                try {
                    process.getOutputStream().close();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (IOException | InterruptedException ignored) {
                    process.destroyForcibly();
                }
            }
            if (err != null) {
                err.toFile().delete();
            }
        }
    }

    private static long micros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1000;
    }

    /**
     * Before a point's first load: every generator host must reach the load URL, or none of its load would
     * arrive. Checked once per URL, with curl where the host has it, else a one-second wrk.
     */
    @Override
    public void targetReady(LoadShape load) {
        if (!generators.remote() || reached.contains(load.url())) {
            return;
        }
        String url = Ssh.quote(load.url());
        String check = "if command -v curl >/dev/null 2>&1; then curl -sS -o /dev/null -m 5 " + url
                + "; else wrk -t1 -c1 -d1s " + url + " >/dev/null; fi";
        for (SshHost host : generators.hosts()) {
            Ssh.Result result = ssh.run(host, "sh -c " + Ssh.quote(check), null, PROBE_LIMIT);
            if (result.exitCode() != 0) {
                throw new LoadctlException(ExitCode.ENVIRONMENT, "generator host " + host + " cannot reach "
                        + load.url() + ": " + result.errorLine() + ": every generator must reach the load URL; give"
                        + " --server-address an address of this machine that " + host.host() + " can reach (the"
                        + " bundled server listens only there), and check firewalls between them");
            }
        }
        reached.add(load.url());
    }

    /** CPU of a merged run: this machine's wrk processes (or ssh clients), and saturated if any generator was. */
    static CpuUsage cpu(CpuUsage measured, WrkResult result) {
        if (result.generators() == null || measured == null) {
            return measured;
        }
        int localThreads = result.generators().stream().filter(run -> GeneratorRun.LOCAL.equals(run.host()))
                .mapToInt(GeneratorRun::threads).sum();
        boolean anySaturated = result.generators().stream()
                .anyMatch(run -> run.cpu() != null && run.cpu().saturated());
        return new CpuUsage(measured.serverCores(), measured.wrkCores(), measured.loadctlCores(),
                localThreads > 0 ? localThreads : result.threads(), measured.machineCores(), anySaturated,
                measured.serverHost());
    }

    private synchronized void track(GeneratorProcess generator) {
        running.add(generator);
        if (stopped) {
            generator.requestStop();
            throw new LoadctlException(ExitCode.INTERRUPTED, "stopped before wrk started");
        }
    }

    @Override
    public void stop() {
        List<GeneratorProcess> now;
        synchronized (this) {
            stopped = true;
            now = List.copyOf(running);
        }
        // Every wrapper told first, so that every wrk stops at once; then each is waited for.
        now.forEach(GeneratorProcess::requestStop);
        now.forEach(GeneratorProcess::stop);
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
