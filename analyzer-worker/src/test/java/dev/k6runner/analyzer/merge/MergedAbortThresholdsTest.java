package dev.k6runner.analyzer.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.LiveThresholds.AbortOnFail;

/**
 * abortOnFail on merged data, from the two segments real k6 recorded (execution-segments: 100 iterations each, 200
 * in the whole test) as their runners would publish them while running.
 */
class MergedAbortThresholdsTest {

    private static final AbortOnFail ITERATIONS_UNDER_150 = new AbortOnFail("iterations", "count<150", 0);

    @Test
    void aThresholdThatNoSegmentCrossesAloneIsCrossedOnTheirMergedData() {
        assertThat(MergedAbortThresholds.crossed(List.of(segment(0, ITERATIONS_UNDER_150)), 3)).as("one segment: 100").isEmpty();
        assertThat(MergedAbortThresholds.crossed(List.of(segment(1, ITERATIONS_UNDER_150)), 3)).as("the other: 100").isEmpty();

        assertThat(MergedAbortThresholds.crossed(List.of(segment(0, ITERATIONS_UNDER_150), segment(1, ITERATIONS_UNDER_150)), 3))
                .containsExactly("iterations: count<150");
    }

    @Test
    void trendsAndRatesAreReadFromTheMergedFolds() {
        AbortOnFail slow = new AbortOnFail("http_req_duration", "p(95)<1", 0);
        AbortOnFail fast = new AbortOnFail("http_req_duration", "p(95)<60000", 0);
        AbortOnFail failing = new AbortOnFail("http_req_failed", "rate<0.01", 0);
        AbortOnFail checks = new AbortOnFail("checks", "rate>0.99", 0);

        assertThat(MergedAbortThresholds.crossed(List.of(segment(0, slow, fast, failing, checks),
                segment(1, slow, fast, failing, checks)), 3)).containsExactly("http_req_duration: p(95)<1");
    }

    @Test
    void nothingAbortsBeforeItsDelayAbortEvalNorOnAMetricWithoutSamples() {
        AbortOnFail delayed = new AbortOnFail("iterations", "count<150", 10);
        AbortOnFail unseen = new AbortOnFail("no_such_metric", "count<1", 0);
        List<LiveThresholds> both = List.of(segment(0, delayed, unseen), segment(1, delayed, unseen));

        assertThat(MergedAbortThresholds.crossed(both, 9.9)).isEmpty();
        assertThat(MergedAbortThresholds.crossed(both, 10)).containsExactly("iterations: count<150");
    }

    @Test
    void anExpressionK6WouldRefuseNeverAborts() {
        AbortOnFail notK6s = new AbortOnFail("iterations", "mean<1", 0);

        assertThat(MergedAbortThresholds.crossed(List.of(segment(0, notK6s), segment(1, notK6s)), 3)).isEmpty();
    }

    /** What a segment's runner publishes: its thresholds and its folds (here at the segment's end, as recorded). */
    private static LiveThresholds segment(int index, AbortOnFail... thresholds) {
        return new LiveThresholds(List.of(thresholds),
                Recordings.result("execution-segments/segment-" + index).digest().metrics().metrics());
    }
}
