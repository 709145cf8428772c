package dev.k6runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class K6DurationTest {

    @Test
    void readsK6Notation() {
        assertThat(K6Duration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(K6Duration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(K6Duration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(K6Duration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(K6Duration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesAnythingElse() {
        assertThat(K6Duration.parse("abc")).isNull();
        assertThat(K6Duration.parse("30")).isNull();
        assertThat(K6Duration.parse("-5s")).isNull();
        assertThat(K6Duration.parse("5 m")).isNull();
        assertThat(K6Duration.parse("")).isNull();
    }

    @Test
    void aTimeLimitIsSecondsOrK6Notation() {
        assertThat(K6Duration.parseTimeLimit("300")).isEqualTo(Duration.ofMinutes(5));
        assertThat(K6Duration.parseTimeLimit(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(K6Duration.parseTimeLimit("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(K6Duration.parseTimeLimit("5x")).isNull();
        assertThat(K6Duration.parseTimeLimit("PT30M")).isNull();
        assertThat(K6Duration.parseTimeLimit("1234567890")).as("more than 9 digits is no time limit").isNull();
    }

    @Test
    void aSettingThatIsNoTimeLimitNamesItself() {
        assertThat(K6Duration.requireTimeLimit("K6_TIMEOUT", "45m")).isEqualTo(Duration.ofMinutes(45));
        assertThatThrownBy(() -> K6Duration.requireTimeLimit("K6_TIMEOUT", "abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("K6_TIMEOUT").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> K6Duration.requireTimeLimit("K6_TIMEOUT", "500ms"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
    }

    @Test
    void formatsForMessages() {
        assertThat(K6Duration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(K6Duration.format(Duration.ofHours(4))).isEqualTo("4h");
        assertThat(K6Duration.format(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    @Test
    void aValueIsItsDurationAndPrintsInK6Notation() {
        K6Duration value = new K6Duration(K6Duration.parse("1h30m"));
        assertThat(value).isEqualTo(new K6Duration(Duration.ofMinutes(90)));
        assertThat(value).hasToString("1h30m");
        assertThatThrownBy(() -> new K6Duration(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new K6Duration(null)).isInstanceOf(NullPointerException.class);
    }
}
