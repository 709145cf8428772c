package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RunnerPropertiesTest {

    @Test
    void slotsDefaultToTheHostsProcessors() {
        RunnerProperties properties = withTimeout("15m", List.of("192.168.0.0/16"));
        assertThat(properties.blockedAddresses()).containsExactly("192.168.0.0/16");
        assertThat(properties.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theSeedsTimeoutIsSecondsOrK6Notation() {
        assertThat(withTimeout("300", List.of()).defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(withTimeout("1h30m", List.of()).defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(withTimeout(null, List.of()).defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aTimeoutThatIsNoDurationStopsTheRunner() {
        assertThatThrownBy(() -> withTimeout("abc", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("K6_TIMEOUT");
    }

    private static RunnerProperties withTimeout(String timeout, List<String> blocked) {
        return new RunnerProperties(null, null, null, null, timeout, null, null, null, null, null, null, null, blocked, null, null, null, null, null);
    }
}
