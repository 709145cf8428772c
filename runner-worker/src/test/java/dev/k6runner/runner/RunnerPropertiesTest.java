package dev.k6runner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RunnerPropertiesTest {

    @Test
    void slotsDefaultToTheHostsProcessors() {
        RunnerProperties properties = withBlocked(List.of("192.168.0.0/16"));
        assertThat(properties.blockedAddresses()).containsExactly("192.168.0.0/16");
        assertThat(properties.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static RunnerProperties withBlocked(List<String> blocked) {
        return new RunnerProperties(null, null, null, null, null, null, null, null, null, null, null, blocked, null, null, null, null, null);
    }
}
