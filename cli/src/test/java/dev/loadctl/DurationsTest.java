package dev.loadctl;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void readsEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[]{"30", "3x", "", "-1s", "s"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .isInstanceOf(LoadctlException.class)
                    .hasMessageContaining("bad duration")
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    @Test
    void wrkGetsWholeSeconds() {
        assertThat(Durations.forWrk(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.forWrk(Duration.ofMillis(500))).isEqualTo("1s");
        assertThat(Durations.forWrk(Duration.ofMinutes(2))).isEqualTo("120s");
    }
}
