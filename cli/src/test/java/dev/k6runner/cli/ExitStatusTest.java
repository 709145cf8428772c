package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitStatusTest {

    @ParameterizedTest(name = "{0} with k6 exit {1} → {2}")
    @CsvSource(nullValues = "null", value = {
            "completed, 0, 0",
            "completed, null, 0",
            "completed, 99, 99",
            "failed, 107, 107",
            "failed, 104, 104",
            "failed, 255, 255",
            "failed, 108, 108",
            "failed, null, 1",
            "failed, 0, 1",
            "cancelled, 105, 105",
            "cancelled, null, 105",
            "timed_out, 105, 102",
            "interrupted, null, 6",
            "running, null, 0",
            "queued, null, 0"})
    void followsK6(String status, Integer k6Exit, int expected) {
        assertThat(ExitStatus.forResult(Json.parse(Documents.withStatus("mixed-errors-completed", status, k6Exit))))
                .isEqualTo(expected);
    }

    @Test
    void failedThresholdsMakeNinetyNineEvenWhenK6SaidZero() {
        assertThat(ExitStatus.forResult(Documents.json("threshold-fail-completed"))).isEqualTo(99);
        assertThat(ExitStatus.forResult(Json.parse(Documents.withStatus("threshold-fail-completed", "completed", 0)))).isEqualTo(99);
        assertThat(ExitStatus.forResult(Documents.json("mixed-errors-completed"))).isZero();
        assertThat(ExitStatus.forResult(Documents.json("syntax-error-failed"))).isEqualTo(107);
    }
}
