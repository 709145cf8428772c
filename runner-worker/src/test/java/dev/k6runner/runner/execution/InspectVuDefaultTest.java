package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * k6 v0.49's {@code k6 inspect} refuses a script with {@code iterations} and no {@code vus} (exit 104, "the number
 * of VUs must be more than 0") that {@code k6 run} runs with its flag default of 1 VU (checked by hand with a real
 * k6 v0.49; the recordings hold no such case, so the stand-in cannot show it). The runner asks inspect again as k6
 * run resolves the script, and only then.
 */
class InspectVuDefaultTest {

    private static RequirementsInspection.Attempt attempt(int exitCode, boolean noVus) {
        return new RequirementsInspection.Attempt(exitCode, CompletableFuture.completedFuture(new byte[0]), noVus);
    }

    @Test
    void aScriptWithoutVusIsInspectedAgainWithKsRunDefaultOfOneVu() {
        assertThat(attempt(104, true).needsRunsVuDefault(Map.of())).isTrue();
        assertThat(RequirementsInspection.withVuDefault(Map.of("K6_ITERATIONS", "2")))
                .containsEntry("K6_VUS", "1").containsEntry("K6_ITERATIONS", "2");
    }

    @Test
    void aVuOverrideOfTheRequestIsNeverReplaced() {
        assertThat(attempt(104, true).needsRunsVuDefault(Map.of("K6_VUS", "0"))).isFalse();
    }

    @Test
    void otherRefusalsAreTheScriptsOwnAndAreNotRetried() {
        assertThat(attempt(104, false).needsRunsVuDefault(Map.of())).as("another config error").isFalse();
        assertThat(attempt(107, true).needsRunsVuDefault(Map.of())).as("a script exception").isFalse();
        assertThat(attempt(0, false).needsRunsVuDefault(Map.of())).isFalse();
    }
}
