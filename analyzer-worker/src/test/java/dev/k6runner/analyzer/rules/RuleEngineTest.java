package dev.k6runner.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.metrics.MetricsExtractor;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.metrics.SummaryExport;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Severity;

class RuleEngineTest {

    private final RuleEngine rules = new RuleEngine(RulesProperties.defaults());

    @Test
    void healthyRecordingsStayQuiet() {
        for (String recording : List.of("basic-get", "post-json", "slow-responses", "stages", "trend-stats-p99", "no-requests")) {
            assertThat(evaluate(recording, RunStatus.COMPLETED, 0, "", null)).as(recording).isEmpty();
        }
    }

    @Test
    void errorRateAboveTenPercentIsCritical() {
        Anomaly anomaly = only(evaluate("mixed-errors", RunStatus.COMPLETED, 0, "", null), "high_error_rate");
        assertThat(anomaly.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(anomaly.observed()).isEqualTo(0.44696969696969696 * 100);
        assertThat(anomaly.expected()).isEqualTo("< 5");
        assertThat(anomaly.message()).contains("44.70%").contains("118 of 264").contains("< 5%");
        assertThat(anomaly.recommendation()).isNotBlank();
    }

    @Test
    void errorRateBetweenFiveAndTenIsHigh() {
        RunMetrics metrics = withErrorRate(7.0);
        List<Anomaly> found = rules.evaluate(input(RunStatus.COMPLETED, 0, ""), Optional.empty(), metrics, null);
        assertThat(only(found, "high_error_rate").severity()).isEqualTo(Severity.HIGH);
        assertThat(rules.evaluate(input(RunStatus.COMPLETED, 0, ""), Optional.empty(), withErrorRate(5.0), null)).isEmpty();
    }

    @Test
    void slowAverageAndP95() {
        RunMetrics slow = new RunMetrics(2500.0, 2000.0, 4000.0, 6000.0, null, 9000.0, 0.0, 100L, 0L, 10.0, 10,
                100L, 10.0, null, null, 1L, 1L, 0L);
        List<Anomaly> found = rules.evaluate(input(RunStatus.COMPLETED, 0, ""), Optional.empty(), slow, null);
        assertThat(only(found, "slow_avg_response_time").observed()).isEqualTo(2500.0);
        assertThat(only(found, "slow_p95").expected()).isEqualTo("< 5000");
    }

    @Test
    void lowThroughputForTheVus() {
        RunMetrics metrics = new RunMetrics(100.0, 100.0, 100.0, 100.0, null, 100.0, 0.0, 100L, 0L, 2.0, 50,
                100L, 50.0, null, null, 1L, 1L, 0L);
        Anomaly anomaly = only(rules.evaluate(input(RunStatus.COMPLETED, 0, ""), Optional.empty(), metrics, null), "low_throughput");
        assertThat(anomaly.expected()).isEqualTo(">= 25");
        assertThat(anomaly.message()).contains("50 VUs");
    }

    @Test
    void failedThresholdsOnePerExpressionWithTheObservedValue() {
        List<Anomaly> found = evaluate("threshold-fail", RunStatus.COMPLETED, 99, "", null).stream()
                .filter(anomaly -> anomaly.type().equals("threshold_failed")).toList();
        assertThat(found).extracting(Anomaly::expected).containsExactlyInAnyOrder("rate<0.01", "avg<1");
        assertThat(found).filteredOn(anomaly -> anomaly.expected().equals("avg<1"))
                .extracting(Anomaly::observed).containsExactly(43.00375520567379);
        assertThat(found).filteredOn(anomaly -> anomaly.expected().equals("rate<0.01"))
                .extracting(Anomaly::observed).containsExactly(0.5177304964539007);
    }

    @Test
    void failedChecksNameTheChecks() {
        Anomaly anomaly = only(evaluate("mixed-errors", RunStatus.COMPLETED, 0, "", null), "checks_failed");
        assertThat(anomaly.severity()).isEqualTo(Severity.HIGH);
        assertThat(anomaly.message()).contains("118 of 176 checks failed");
    }

    @Test
    void droppedIterations() {
        Anomaly anomaly = only(evaluate("arrival-rate", RunStatus.COMPLETED, 0, "", null), "dropped_iterations");
        assertThat(anomaly.observed()).isEqualTo(505.0);
        assertThat(anomaly.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void saturatedLoadGenerator() {
        RunDigest digest = new RunDigest(1, List.of(), List.of(), null, new LoadGeneratorHealth(10, 97, 100, 1L, true), 10, null);
        Anomaly anomaly = only(evaluate("basic-get", RunStatus.COMPLETED, 0, "", digest), "load_generator_saturated");
        assertThat(anomaly.observed()).isEqualTo(100.0);
    }

    @Test
    void k6ErrorsFromTheExitCodeAndTheConsole() {
        Anomaly abort = only(evaluate("test-abort", RunStatus.FAILED, 108, "", null), "k6_error");
        assertThat(abort.severity()).isEqualTo(Severity.HIGH);
        assertThat(abort.observed()).isEqualTo(108.0);
        AnalysisInput noSummary = new AnalysisInput(UUID.randomUUID(), "t", "n", RunStatus.FAILED,
                "SyntaxError: Unexpected token", 107, null, "", null);
        Anomaly syntax = only(rules.evaluate(noSummary, Optional.empty(), RunMetrics.none(), null), "k6_error");
        assertThat(syntax.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(syntax.message()).contains("SyntaxError");

        String stderr = Fixtures.resource("/iteration-exception-stderr.txt");
        Anomaly thrown = only(evaluate("iteration-exception", RunStatus.COMPLETED, 0, stderr, null), "iteration_errors");
        assertThat(thrown.observed()).isEqualTo(6.0);
        assertThat(thrown.message()).contains("Error: boom in iteration");
        assertThat(thrown.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void cancelledRunsAreNoK6Error() {
        assertThat(evaluate("sigint", RunStatus.CANCELLED, 105, "", null)).isEmpty();
    }

    private List<Anomaly> evaluate(String recording, RunStatus outcome, int exitCode, String console, RunDigest digest) {
        SummaryExport export = SummaryExport.parse(Fixtures.summary(recording)).orElseThrow();
        AnalysisInput input = new AnalysisInput(UUID.randomUUID(), "t", recording, outcome, null, exitCode,
                Fixtures.summary(recording), console, digest);
        return rules.evaluate(input, Optional.of(export), MetricsExtractor.extract(export, digest), export.thresholds());
    }

    private static AnalysisInput input(RunStatus outcome, int exitCode, String console) {
        return new AnalysisInput(UUID.randomUUID(), "t", "n", outcome, null, exitCode, null, console, null);
    }

    private static RunMetrics withErrorRate(double errorRate) {
        return new RunMetrics(10.0, 10.0, 10.0, 10.0, null, 10.0, errorRate, 1000L, (long) (errorRate * 10), 100.0, 10,
                1000L, 10.0, null, null, 1L, 1L, 0L);
    }

    static Anomaly only(List<Anomaly> found, String type) {
        List<Anomaly> ofType = found.stream().filter(anomaly -> anomaly.type().equals(type)).toList();
        assertThat(ofType).as("anomalies of type %s in %s", type, found).hasSize(1);
        return ofType.getFirst();
    }
}
