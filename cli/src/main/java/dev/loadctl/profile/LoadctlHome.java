package dev.loadctl.profile;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * loadctl's checkout, found from where its classes were loaded: {@code cli/target/loadctl.jar} and
 * {@code cli/target/classes} both sit three levels below it. It holds {@code profiles/} and
 * {@code target-server/} (the FastAPI app), so a profile works from any working directory.
 */
public final class LoadctlHome {

    private LoadctlHome() {
    }

    public static Optional<Path> find() {
        CodeSource source = LoadctlHome.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return findAbove(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The nearest folder at or above {@code start} that holds a {@code profiles/} folder. */
    static Optional<Path> findAbove(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("profiles"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
