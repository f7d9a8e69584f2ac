package dev.loadctl.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads kernel facts under a root folder: {@code /} on the machine, a fake tree in tests
 * ({@code ROOT/proc/sys/net/core/somaxconn}, {@code ROOT/proc/self/limits}, {@code ROOT/etc/os-release}).
 */
public final class ProcFs {

    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(Path.of("/"));
    }

    public Path root() {
        return root;
    }

    /** The file's content, trimmed; empty when it cannot be read. */
    public Optional<String> read(String relativePath) {
        // Read as a stream to the end: /proc files report a size that Files.readString may trust and cut at.
        try (InputStream in = Files.newInputStream(root.resolve(relativePath))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public List<String> lines(String relativePath) {
        return read(relativePath).map(text -> text.lines().toList()).orElse(List.of());
    }

    /** A sysctl by its dotted name, for example {@code net.core.somaxconn}. */
    public Optional<String> sysctl(String name) {
        return read("proc/sys/" + name.replace('.', '/'));
    }

    public Optional<Integer> sysctlInt(String name) {
        return sysctl(name).flatMap(ProcFs::parseInt);
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
