package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class K6DurationTest {

    @Test
    void secondsAndK6Notation() {
        assertThat(K6Duration.parse("300")).isEqualTo(Duration.ofMinutes(5));
        assertThat(K6Duration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(K6Duration.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(K6Duration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(K6Duration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> K6Duration.parse("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> K6Duration.parse("5x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cloudMetadataIsAlwaysBlocked() {
        RunnerProperties properties = new RunnerProperties(null, null, null, null, "15m", null, null, null, null, null, null,
                null, java.util.List.of("192.168.0.0/16", "169.254.169.254/32"), null, null);
        assertThat(properties.allBlockedAddresses()).containsExactly("169.254.169.254/32", "fd00:ec2::254/128", "192.168.0.0/16");
        assertThat(properties.defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
