package dev.loadctl.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Start-up of the bundled server: a class-data-sharing archive (AppCDS) of the classes it loads takes about
 * 150 ms off its start (700 → 560 ms to the ready line here; docs/benchmarks.md). Before the first measured start
 * from a given jar, an unmeasured one makes it ({@link #make}: start, one {@code /ping/} and one {@code /stats},
 * stop; the archive is written as it exits), so that the first point of a run maps it like every later one; were
 * that to fail, the first measured server writes it when it exits, as before.
 *
 * <p>Only for a single jar on the class path (the shipped loadctl.jar): the JVM cannot archive classes from
 * directories, as in a build's test run. The archive's name hashes the jar's path, size and time and the JVM,
 * so a rebuilt jar or another Java gets its own. A stale or broken archive is not fatal: the JVM checks it, and
 * {@code -Xlog:cds*=off} keeps its warnings out of the server's output.
 */
final class ServerClassArchive {

    private static final String WRITE = "-XX:ArchiveClassesAtExit=";
    /**
     * Archives kept in the cache: one per jar and JVM, about 8 MB each, and every build makes a new jar. The most
     * recently written stay (a running server keeps its mapped archive even when the file goes).
     */
    static final int KEPT = 8;
    /** Archives this loadctl has tried to make: a start that could not make one is not repeated at every point. */
    private static final Set<Path> TRIED = ConcurrentHashMap.newKeySet();

    private ServerClassArchive() {
    }

    static List<String> jvmOptions(String classPath, Path cacheDir) {
        Path jar = Path.of(classPath);
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try {
            Path archive = cacheDir.resolve("server-" + key(jar.toAbsolutePath()) + ".jsa");
            if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
            }
            Files.createDirectories(cacheDir);
            prune(cacheDir, KEPT - 1);
            return writing(archive);
        } catch (IOException | RuntimeException cannotCache) {
            // No cache, no archive: the server only starts a little slower.
            return List.of();
        }
    }

    /**
     * The archive to make before the first measured start: present when the class path can have one (a single
     * jar) and it does not exist yet; the cache dir is then created.
     */
    static Optional<Path> missing(String classPath, Path cacheDir) {
        return jvmOptions(classPath, cacheDir).stream().filter(option -> option.startsWith(WRITE))
                .map(option -> Path.of(option.substring(WRITE.length()))).findFirst();
    }

    /**
     * Makes {@code archive} with an unmeasured run of the server {@code spec} describes, whose JVM options write
     * it at exit: it starts, answers its ready URL, its load URL (so the classes of a request are in it too) and
     * its stats URL, and is stopped. Returns whether the archive exists now; a server that fails only leaves the
     * archive to the first measured one, and is not tried again for the same archive.
     */
    static boolean make(Path archive, TargetSpec spec, Duration readyLimit) {
        if (!TRIED.add(archive)) {
            return false;
        }
        try (TargetProcess server = TargetProcess.start(spec)) {
            server.awaitReady(readyLimit);
            server.readStatsWindow(readyLimit);
        } catch (RuntimeException failed) {
            return false;
        }
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0;
        } catch (IOException gone) {
            return false;
        }
    }

    /** Deletes all but the {@code keep} most recently written archives in {@code cacheDir}; never fails. */
    static void prune(Path cacheDir, int keep) {
        try (var files = Files.list(cacheDir)) {
            List<Path> archives = files.filter(file -> file.getFileName().toString().startsWith("server-")
                            && file.getFileName().toString().endsWith(".jsa"))
                    .sorted(Comparator.comparing(ServerClassArchive::written).reversed()).toList();
            for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException | RuntimeException cannotPrune) {
            // An old archive left behind costs disk, not a run.
        }
    }

    private static FileTime written(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    /** The JVM options of a server that writes {@code archive} when it exits. */
    static List<String> writing(Path archive) {
        return List.of(WRITE + archive, "-Xlog:cds*=off");
    }

    /** Where archives are kept: the user's cache, not the checkout. */
    static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "loadctl", "cds");
    }

    private static String key(Path jar) throws IOException {
        String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
