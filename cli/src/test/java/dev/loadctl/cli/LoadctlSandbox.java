package dev.loadctl.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test that runs loadctl for real needs, one per test: a temp folder, a results folder inside it,
 * and a free port; afterwards whatever still runs on the port (wrk, a server) is killed. A sandbox from
 * {@link #assertingNothingLeft()} also fails the test when anything was still there after 10 s; one from
 * {@link #killingWhatIsLeft()} only kills, for tests that check what is left themselves.
 */
class LoadctlSandbox implements BeforeEachCallback, AfterEachCallback {

    private static final Duration LEFT_BEHIND_LIMIT = Duration.ofSeconds(10);

    private final boolean assertNothingLeft;
    private Path tmp;
    private int port;

    LoadctlSandbox(boolean assertNothingLeft) {
        this.assertNothingLeft = assertNothingLeft;
    }

    static LoadctlSandbox assertingNothingLeft() {
        return new LoadctlSandbox(true);
    }

    static LoadctlSandbox killingWhatIsLeft() {
        return new LoadctlSandbox(false);
    }

    Path tmp() {
        return tmp;
    }

    /** Where loadctl writes its results ({@code --out}); not created, as loadctl creates it. */
    Path out() {
        return tmp.resolve("reports");
    }

    int port() {
        return port;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tmp = Files.createTempDirectory("loadctl-sandbox-");
        port = LoadctlProcesses.freePort();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (port == 0) {
                return;
            }
            List<String> left = assertNothingLeft ? LoadctlProcesses.awaitNoneOn(port, LEFT_BEHIND_LIMIT) : List.of();
            LoadctlProcesses.killAllOn(port);
            assertThat(left).as("processes left on port " + port).isEmpty();
        } finally {
            deleteTmp();
        }
    }

    private void deleteTmp() throws IOException {
        if (tmp == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tmp)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
