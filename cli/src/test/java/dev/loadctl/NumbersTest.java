package dev.loadctl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One format per kind of number, in every format of the report. */
class NumbersTest {

    @Test
    void millisecondsCarryTheirUnitWithPrecisionThatSuitsTheSize() {
        assertThat(Numbers.millis(0.414)).isEqualTo("0.41 ms");
        assertThat(Numbers.millis(12.54)).isEqualTo("12.5 ms");
        assertThat(Numbers.millis(1020.4)).isEqualTo("1,020 ms");
        assertThat(Numbers.millis(null)).isEqualTo("n/a");
    }

    @Test
    void ratesAreWholeWithGroupingAndPerSecond() {
        assertThat(Numbers.perSecond(20_000.0)).isEqualTo("20,000/s");
        assertThat(Numbers.perSecond(1769.57)).isEqualTo("1,770/s");
        assertThat(Numbers.perSecond(null)).isEqualTo("n/a");
    }

    @Test
    void percentagesHaveTwoSignificantDigitsAndNeverRoundToABoundTheyDidNotReach() {
        assertThat(Numbers.percent(0.0)).isEqualTo("0%");
        assertThat(Numbers.percent(1.0)).isEqualTo("100%");
        assertThat(Numbers.percent(0.001)).isEqualTo("0.10%");
        assertThat(Numbers.percent(0.0000004)).isEqualTo("<0.01%");
        assertThat(Numbers.percent(0.020142)).isEqualTo("2.0%");
        assertThat(Numbers.percent(0.9)).isEqualTo("90%");
        assertThat(Numbers.percent(0.467)).isEqualTo("47%");
        assertThat(Numbers.percent(0.9996)).isEqualTo("99.96%");
        assertThat(Numbers.percent(0.999999)).isEqualTo(">99.99%");
        assertThat(Numbers.percent(1.1715)).isEqualTo("117%");
    }
}
