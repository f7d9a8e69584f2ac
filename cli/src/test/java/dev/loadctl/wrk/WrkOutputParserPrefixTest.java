package dev.loadctl.wrk;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every real wrk output under src/test/resources/wrk/ (the shared fixtures are among them), cut at
 * every character: refused as cut short, or read to the numbers of the whole output.
 */
class WrkOutputParserPrefixTest {

    static Stream<String> outputs() throws IOException, URISyntaxException {
        Path dir = Path.of(Fixtures.class.getResource("/wrk/").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".txt"))
                    .sorted().toList();
            assertThat(names).contains("seed-one-thread.txt", "lua-ok.txt", "lua2-ok.txt");
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void everyCutIsRefusedOrReadToTheSameNumbers(String fixture) {
        String raw = Fixtures.wrkOutput(fixture);
        boolean result;
        try {
            WrkOutputParser.parse(raw);
            result = true;
        } catch (dev.loadctl.LoadctlException failure) {
            result = false;
        }
        if (!result) {
            // A failure output (unable to connect, usage text): no cut of it may become a result.
            for (int cut = 0; cut <= raw.length(); cut++) {
                String prefix = raw.substring(0, cut);
                assertThatThrownBy(() -> WrkOutputParser.parse(prefix)).as("cut at %d", cut)
                        .isInstanceOf(dev.loadctl.LoadctlException.class);
            }
            return;
        }
        List<String> violations = Prefixes.violations(raw, Prefixes.plainTailOfVersion1(raw));
        if (!violations.isEmpty()) {
            fail(fixture + ": " + violations.size() + " cuts read to other numbers, the first:\n"
                    + String.join("\n", violations.subList(0, Math.min(5, violations.size()))));
        }
    }
}
