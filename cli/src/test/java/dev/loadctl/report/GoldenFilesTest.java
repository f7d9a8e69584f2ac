package dev.loadctl.report;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Markdown, CSV and JSON are compared byte for byte with files in src/test/resources/report/golden/, under
 * the root locale and under German (comma decimals, dot grouping): the output must be the same in both.
 * The JSON's loadctlVersion is pinned so that a version bump does not count as a change.
 * After an intended change, regenerate with {@code -Dloadctl.updateGolden=true} and review the diff.
 */
class GoldenFilesTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "report", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("loadctl.updateGolden");

    private Locale saved;

    @BeforeEach
    void saveLocale() {
        saved = Locale.getDefault();
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    static Stream<Arguments> cases() {
        return Stream.of(Locale.ROOT, Locale.GERMANY).flatMap(locale -> Stream.of(
                Arguments.of("origin", ReportFormats.Kind.MARKDOWN, "md", locale),
                Arguments.of("origin", ReportFormats.Kind.CSV, "csv", locale),
                Arguments.of("scaling", ReportFormats.Kind.MARKDOWN, "md", locale),
                Arguments.of("scaling", ReportFormats.Kind.CSV, "csv", locale),
                Arguments.of("compare", ReportFormats.Kind.MARKDOWN, "md", locale),
                Arguments.of("compare", ReportFormats.Kind.CSV, "csv", locale),
                Arguments.of("origin", ReportFormats.Kind.JSON, "json", locale),
                Arguments.of("scaling", ReportFormats.Kind.JSON, "json", locale),
                Arguments.of("compare", ReportFormats.Kind.JSON, "json", locale),
                Arguments.of("model", ReportFormats.Kind.MARKDOWN, "md", locale),
                Arguments.of("overloaded", ReportFormats.Kind.MARKDOWN, "md", locale),
                Arguments.of("server", ReportFormats.Kind.MARKDOWN, "md", locale),
                Arguments.of("server", ReportFormats.Kind.CSV, "csv", locale),
                Arguments.of("server", ReportFormats.Kind.JSON, "json", locale)));
    }

    private static Report report(String name) {
        Report report = switch (name) {
            case "origin" -> ReportBuilder.build(List.of(Fixtures.origin(Overrides.NONE)), Overrides.NONE);
            case "scaling" -> ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.scalingSweep(),
                    "reports/20250601-100000-default")), Overrides.NONE);
            case "compare" -> ReportBuilder.build(List.of(
                    Fixtures.loaded(Fixtures.scalingSweep(), "reports/20250601-100000-default"),
                    Fixtures.origin(Overrides.NONE)), Overrides.NONE);
            case "model" -> ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.withinSlaSweep(),
                    "reports/20250601-110000-default")), Overrides.NONE);
            case "overloaded" -> ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.overloadedSweep(),
                    "reports/20250601-120000-default")), Overrides.NONE);
            case "server" -> ReportBuilder.build(List.of(Fixtures.loaded(Fixtures.serverLatencySweep(),
                    "reports/20250601-130000-default")), Overrides.NONE);
            default -> throw new IllegalArgumentException(name);
        };
        return new Report(report.reportVersion(), "golden", report.sweeps(), report.comparison());
    }

    @ParameterizedTest(name = "{0}.{2} under locale \"{3}\"")
    @MethodSource("cases")
    void matchesTheGoldenFile(String name, ReportFormats.Kind kind, String extension, Locale locale)
            throws IOException {
        Locale.setDefault(locale);
        String rendered = ReportFormats.render(kind, report(name));
        Path golden = GOLDEN.resolve(name + "." + extension);
        if (UPDATE && locale.equals(Locale.ROOT)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
