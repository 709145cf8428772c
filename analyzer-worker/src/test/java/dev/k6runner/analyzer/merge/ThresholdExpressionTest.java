package dev.k6runner.analyzer.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdExpressionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p(95)<500 | p(95) | <  | 500",
        "p( 99.9 ) <= 1e3 | p(99.9) | <= | 1000",
        "avg<1 | avg | < | 1",
        "  med >= 0.5 | med | >= | 0.5",
        "count==200 | count | == | 200",
        "count===200 | count | === | 200",
        "rate!=0 | rate | != | 0",
        "value>-1 | value | > | -1",
        "min > 3 | min | > | 3",
        "max<=70 | max | <= | 70"})
    void k6sExpressionsParse(String source, String aggregation, String operator, double bound) {
        ThresholdExpression e = ThresholdExpression.parse(source);

        assertThat(e.aggregation()).isEqualTo(aggregation);
        assertThat(e.operator()).isEqualTo(operator);
        assertThat(e.bound()).isEqualTo(bound);
        assertThat(e.source()).isEqualTo(source);
    }

    @Test
    void whatK6RefusesIsRefused() {
        for (String bad : List.of("p95<500", "avg", "avg<", "p(101)<1", "mean<3", "avg<<3")) {
            assertThatThrownBy(() -> ThresholdExpression.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aThresholdFailsWhenItsComparisonDoesNotHoldAndNeverWithoutSamples() {
        assertThat(ThresholdExpression.parse("p(95)<500").failed(e -> 499.0)).isFalse();
        assertThat(ThresholdExpression.parse("p(95)<500").failed(e -> 500.0)).isTrue();
        assertThat(ThresholdExpression.parse("p(95)<=500").failed(e -> 500.0)).isFalse();
        assertThat(ThresholdExpression.parse("rate>0.9").failed(e -> 0.9)).isTrue();
        assertThat(ThresholdExpression.parse("count!=3").failed(e -> 3.0)).isTrue();
        assertThat(ThresholdExpression.parse("avg<1").failed(e -> null)).isFalse();
    }

    @Test
    void everyAggregationReadsTheMergedMetricAsK6ReadsItsSink() {
        RunFinished whole = Recordings.result("execution-segments/whole");
        MergedMetric duration = metric(whole, "http_req_duration");
        MergedMetric failed = metric(whole, "http_req_failed");
        MergedMetric reqs = metric(whole, "http_reqs");
        MergedMetric vus = metric(whole, "vus");
        double[] samples = Recordings.samples("execution-segments/whole", "http_req_duration");

        assertThat(duration.aggregate(ThresholdExpression.parse("min<0"))).isEqualTo(samples[0]);
        assertThat(duration.aggregate(ThresholdExpression.parse("max<0"))).isEqualTo(samples[samples.length - 1]);
        assertThat(duration.aggregate(ThresholdExpression.parse("count<0"))).isEqualTo(200.0);
        assertThat(duration.aggregate(ThresholdExpression.parse("med<0")))
                .isCloseTo(Recordings.exactPercentile(samples, 0.5), org.assertj.core.api.Assertions.within(0.06));
        assertThat(failed.aggregate(ThresholdExpression.parse("rate<0"))).isZero();
        assertThat(reqs.aggregate(ThresholdExpression.parse("count<0"))).isEqualTo(200.0);
        assertThat(reqs.aggregate(ThresholdExpression.parse("rate<0"))).isEqualTo(200.0 / 2.0);
        assertThat(vus.aggregate(ThresholdExpression.parse("value<0"))).isEqualTo(4.0);
    }

    @Test
    void aSubMetricSelectorIsEvaluatedOnTheSubMetricsOwnSamples() {
        RunFinished recorded = Recordings.result("threshold-fail");
        String summary = recorded.rawSummary().replace("\"http_req_duration{expected_response:true}\": {",
                "\"http_req_duration{expected_response:true}\": {\"thresholds\": {\"count<1\": false, \"max>0\": false},");
        RunFinished withSelector = new RunFinished(recorded.runId(), recorded.attemptId(), recorded.runnerId(),
                recorded.outcome(), null, recorded.k6ExitCode(), summary, null, recorded.digest(), null, null);

        var thresholds = Recordings.json(SegmentMerge.merge(List.of(withSelector)).rawSummary())
                .at("/metrics/http_req_duration{expected_response:true}/thresholds");

        assertThat(thresholds.get("count<1").asBoolean()).isTrue();
        assertThat(thresholds.get("max>0").asBoolean()).isFalse();
    }

    private static MergedMetric metric(RunFinished run, String name) {
        MetricFold fold = run.digest().metrics().metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        return new MergedMetric(fold, 2.0);
    }
}
