package dev.loadctl.launch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * loadctl's own 200 ms {@code /ping/} server ({@code dev.loadctl.server.TargetServer}), started as a
 * separate small JVM from loadctl's own classpath: the shaded jar contains it.
 */
public final class BundledTarget implements TargetLauncher {

    public static final String MAIN_CLASS = "dev.loadctl.server.TargetServer";
    /**
     * A large fixed young generation: every request in its delay is live, so with a small one (-Xms64m -Xmx256m)
     * young collections came every few hundred milliseconds, copied all of them each time, and promoted enough to
     * force full GCs (about 2 s of pauses in a 25 s run at -c10000); with 384 MB they are seconds apart. The
     * parallel collector, with its sizing fixed: a young collection copies every waiting request and, the first two
     * times, every connection's state (about 3 KB each); Serial GC's single thread took 50-115 ms for those and
     * Parallel's two 20-55 ms, which took 15-45 ms off the p99 at -c5000 and -c10000 (docs/benchmarks.md,
     * "Server tuning"). A pause stops wrk's cores too, so the GC threads compete with nothing.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseParallelGC", "-XX:-UseAdaptiveSizePolicy", "-Xms512m", "-Xmx512m", "-Xmn384m");
    /** How long the unmeasured start that makes the class archive may take to answer. */
    private static final Duration ARCHIVE_RUN_READY_LIMIT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final Duration delay;
    private final int backlog;
    private final String loadPath;
    private final ServerHost serverHost;

    /**
     * @param backlog  listen backlog asked of the server; the kernel caps it at net.core.somaxconn
     * @param loadPath the path wrk loads, polled for the first 2xx after /health answers
     */
    public BundledTarget(String host, int port, Duration delay, int backlog, String loadPath) {
        this(host, port, delay, backlog, loadPath, null);
    }

    /**
     * @param serverHost where it runs: null for this machine; on a host, {@code java} there runs loadctl's own
     *                   class path, shipped over ssh for each point ({@link ShippedClassPath})
     */
    public BundledTarget(String host, int port, Duration delay, int backlog, String loadPath, ServerHost serverHost) {
        this.host = host;
        this.port = port;
        this.delay = delay;
        this.backlog = backlog;
        this.loadPath = loadPath;
        this.serverHost = serverHost;
    }

    @Override
    public ServerHost serverHost() {
        return serverHost;
    }

    @Override
    public TargetSpec forThreads(int threads) {
        String classPath = System.getProperty("java.class.path");
        return spec(threads, port, serverHost == null
                ? ServerClassArchive.jvmOptions(classPath, ServerClassArchive.defaultCacheDir()) : List.of());
    }

    /**
     * Here, from a jar that has no class archive yet: makes it with one unmeasured start (on a free port, so the
     * measured one's is untouched), so that the first measured server maps it as every later one does
     * ({@link ServerClassArchive}). Costs about 1.5 s once per jar; nothing when the archive exists.
     */
    @Override
    public void prepare() {
        if (serverHost != null) {
            return;
        }
        ServerClassArchive.missing(System.getProperty("java.class.path"), ServerClassArchive.defaultCacheDir())
                .ifPresent(archive -> ServerClassArchive.make(archive,
                        spec(1, Ports.anyFree(host), ServerClassArchive.writing(archive)), ARCHIVE_RUN_READY_LIMIT));
    }

    private TargetSpec spec(int threads, int onPort, List<String> archiveOptions) {
        List<String> command = new ArrayList<>();
        if (serverHost == null) {
            command.add(javaCommand());
            command.addAll(JVM_OPTIONS);
            command.addAll(archiveOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        } else {
            command.add("java");
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of("-cp", RemoteTarget.SHIPPED_CLASS_PATH));
        }
        command.addAll(List.of(MAIN_CLASS,
                "--host", host, "--port", Integer.toString(onPort), "--threads", Integer.toString(threads),
                "--delay", delay.toMillis() + "ms", "--backlog", Integer.toString(backlog)));
        if (serverHost == null) {
            // The server exits when its stdin closes: when loadctl dies, even by SIGKILL, so does it. On a host
            // its wrapper does that, watching the ssh channel.
            command.add("--exit-on-stdin-close");
        }
        String origin = "http://" + host + ":" + onPort;
        return new TargetSpec(command, Map.of(), URI.create(origin + "/health"), URI.create(origin + loadPath), null,
                URI.create(origin + "/stats"));
    }

    @Override
    public String description() {
        return "bundled";
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
