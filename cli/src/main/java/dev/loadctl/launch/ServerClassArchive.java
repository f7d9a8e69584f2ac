package dev.loadctl.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Start-up of the bundled server: a class-data-sharing archive (AppCDS) of the classes it loads takes about
 * 150 ms off its start (700 → 560 ms to the ready line here; docs/benchmarks.md). The first server launched from
 * a given jar writes the archive when it exits; every later one maps it.
 *
 * <p>Only for a single jar on the class path (the shipped loadctl.jar): the JVM cannot archive classes from
 * directories, as in a build's test run. The archive's name hashes the jar's path, size and time and the JVM,
 * so a rebuilt jar or another Java gets its own. A stale or broken archive is not fatal: the JVM checks it, and
 * {@code -Xlog:cds*=off} keeps its warnings out of the server's output.
 */
final class ServerClassArchive {

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
            return List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off");
        } catch (IOException | RuntimeException cannotCache) {
            // No cache, no archive: the server only starts a little slower.
            return List.of();
        }
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
