package dev.k6runner.analyzer.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.model.RunStatus;

class BaselineComparatorTest {

    private final BaselineComparator comparator = new BaselineComparator(BaselineProperties.defaults());

    @Test
    void p95RegressionWithinTheStaticRules() {
        BaselineComparator.Result result = comparator.compare(run(150, 60), RunStatus.COMPLETED, history(50, 52, 48, 51, 49));
        assertThat(result.comparison().status()).isEqualTo("compared");
        assertThat(result.comparison().runs()).isEqualTo(5);
        assertThat(result.comparison().p95ResponseTimeMs()).isEqualTo(50.0);
        Anomaly anomaly = result.anomalies().stream().filter(a -> a.type().equals("p95_regression")).findFirst().orElseThrow();
        assertThat(anomaly.message()).contains("×3").contains("baseline 50 ms").contains("median of 5 recent completed runs");
        assertThat(anomaly.source()).isEqualTo(Anomaly.BASELINE);
    }

    @Test
    void oneOutlierDoesNotMoveTheBaseline() {
        BaselineComparator.Result result = comparator.compare(run(150, 60), RunStatus.COMPLETED, history(50, 52, 48, 5000, 49));
        assertThat(result.comparison().p95ResponseTimeMs()).isEqualTo(50.0);
        assertThat(result.anomalies()).extracting(Anomaly::type).contains("p95_regression");
    }

    @Test
    void runLikeItsHistoryStaysQuiet() {
        assertThat(comparator.compare(run(55, 30), RunStatus.COMPLETED, history(50, 52, 48, 51, 49)).anomalies()).isEmpty();
    }

    @Test
    void noisyHistoryNeedsAClearerJump() {
        BaselineComparator.Result result = comparator.compare(run(220, 30), RunStatus.COMPLETED, history(100, 40, 160, 100, 30, 170));
        assertThat(result.anomalies()).isEmpty();
    }

    @Test
    void tooFewRunsMeansNoComparison() {
        BaselineComparator.Result result = comparator.compare(run(500, 60), RunStatus.COMPLETED, history(50, 50));
        assertThat(result.comparison().status()).isEqualTo("insufficient_history");
        assertThat(result.comparison().runs()).isEqualTo(2);
        assertThat(result.anomalies()).isEmpty();
    }

    @Test
    void pinnedBaselineTakesPrecedence() {
        UUID pinnedId = UUID.randomUUID();
        BaselineHistory.Sample pinned = new BaselineHistory.Sample(pinnedId, 20.0, 30.0, 0.0, 100.0, 10);
        BaselineComparator.Result result = comparator.compare(run(90, 40), RunStatus.COMPLETED,
                new BaselineHistory(history(100, 100, 100).recent(), pinned));
        assertThat(result.comparison().pinned()).isTrue();
        assertThat(result.comparison().pinnedRunId()).isEqualTo(pinnedId);
        assertThat(result.comparison().runs()).isEqualTo(1);
        assertThat(result.anomalies()).extracting(Anomaly::type).contains("p95_regression");
        assertThat(result.anomalies().getFirst().message()).contains("pinned run " + pinnedId);
    }

    @Test
    void errorRateAndThroughputRegressions() {
        RunMetrics metrics = new RunMetrics(30.0, 30.0, 40.0, 50.0, null, 60.0, 4.0, 1000L, 40L, 40.0, 10, 1000L,
                25.0, null, null, 1L, 1L, 0L);
        BaselineComparator.Result result = comparator.compare(metrics, RunStatus.COMPLETED, history(50, 50, 50));
        assertThat(result.anomalies()).extracting(Anomaly::type).containsExactlyInAnyOrder("error_rate_regression", "throughput_regression");
    }

    @Test
    void onlyCompletedRunsAreCompared() {
        BaselineComparator.Result result = comparator.compare(run(500, 60), RunStatus.CANCELLED, history(50, 50, 50));
        assertThat(result.comparison().status()).isEqualTo("not_applicable");
        assertThat(result.anomalies()).isEmpty();
    }

    private static RunMetrics run(double p95, double avg) {
        return new RunMetrics(avg, avg, p95, p95, null, p95 * 2, 0.0, 1000L, 0L, 100.0, 10, 1000L, 10.0, null, null,
                1L, 1L, 0L);
    }

    private static BaselineHistory history(double... p95s) {
        List<BaselineHistory.Sample> samples = new ArrayList<>();
        for (double p95 : p95s) {
            samples.add(new BaselineHistory.Sample(UUID.randomUUID(), p95 * 0.6, p95, 0.0, 100.0, 10));
        }
        return new BaselineHistory(samples, null);
    }
}
