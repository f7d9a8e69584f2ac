package dev.loadctl.result;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's folder name and header say which flags changed its profile, in a short name a shell needs no quotes for. */
class RunNameTest {

    /** What a shell reads without quotes and every file system takes; no leading '-' that reads as an option. */
    private static final String SAFE = "[A-Za-z0-9._,+][A-Za-z0-9._,+-]*";

    @Test
    void aProfileRunAsWrittenKeepsItsName() {
        assertThat(RunName.folder("default", null, Map.of())).isEqualTo("default");
        assertThat(RunName.folder("default", "capacity", Map.of())).isEqualTo("default-capacity");
        assertThat(RunName.describe("default", Map.of())).isEqualTo("default");
    }

    @Test
    void overridesAreNamedInAFixedOrderWhateverOrderTheyCameIn() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("connections", "500");
        given.put("threads", "1,2");
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("threads", "1,2");
        reversed.put("connections", "500");

        assertThat(RunName.folder("default", null, given)).isEqualTo("default+t1,2+c500")
                .isEqualTo(RunName.folder("default", null, reversed));
        assertThat(RunName.folder("default", "capacity", given)).isEqualTo("default-capacity+t1,2+c500");
        assertThat(RunName.describe("default", given)).isEqualTo("default with --threads 1,2 --connections 500");
    }

    @Test
    void theScriptsSwitchesAreNamedByTheirValueAfterTheLoadAndBeforeWhereItRuns() {
        Map<String, String> given = Map.of("generators", "2", "stagger", "false", "connections", "500");

        assertThat(RunName.folder("default", null, given)).isEqualTo("default+c500+staggerfalse+g2");
        assertThat(RunName.folder("default", null, Map.of("lua", "false", "stagger", "false")))
                .isEqualTo("default+luafalse+staggerfalse");
        assertThat(RunName.describe("default", Map.of("stagger", "false"))).isEqualTo("default with --stagger false");
    }

    @Test
    void valuesAShellWouldQuoteAreReplacedAndWhereNotWhatIsLeftOut() {
        Map<String, String> given = Map.of("path", "/api/v1?x=1&y=$HOME", "max-error-rate", "0.5%",
                "generator-hosts", "user@gen1:22,gen2", "port", "9000", "server-address", "10.0.0.4",
                "ssh-options", "-o StrictHostKeyChecking=no", "duration", "2s");

        String name = RunName.folder("my profile; rm -rf", null, given);

        assertThat(name).matches(SAFE)
                .isEqualTo("my-profile--rm--rf+d2s+path_api_v1_x_1_y__HOME+gh2+err0.5pct");
        // The file records them all, with their values as given.
        assertThat(RunName.flags(given)).contains("--port 9000", "--path /api/v1?x=1&y=$HOME");
    }

    @Test
    void aNameNeverGrowsPastASaneLength() {
        Map<String, String> many = new LinkedHashMap<>();
        many.put("threads", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24");
        many.put("connections", "1000000");
        many.put("duration", "10m");
        many.put("warmup", "30s");
        many.put("iterations", "10");
        many.put("wrk-threads", "64");
        many.put("target-rps", "123456789");
        many.put("sla-p99", "1500ms");
        many.put("delay", "1000ms");
        many.put("timeout", "10s");
        many.put("some-future-flag", "x".repeat(300));

        String name = RunName.folder("p".repeat(300), "capacity", many);

        assertThat(name).matches(SAFE).endsWith(RunName.MORE);
        assertThat(name.length()).isLessThanOrEqualTo(RunName.MOST_PROFILE_CHARS + "-capacity".length()
                + RunName.MOST_OVERRIDE_CHARS);
        // With the stamp in front, far below any file system's 255.
        assertThat("20261130-131500-".length() + name.length()).isLessThan(128);
        assertThat(name).isEqualTo(RunName.folder("p".repeat(300), "capacity", many));
    }
}
