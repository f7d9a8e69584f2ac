package dev.loadctl.wrk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real wrk outputs under src/test/resources/wrk/ (see the README there for how each was made). */
public final class Fixtures {
    private Fixtures() {
    }

    public static String wrkOutput(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wrk/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /wrk/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
