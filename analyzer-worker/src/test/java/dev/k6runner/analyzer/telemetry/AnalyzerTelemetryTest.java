package dev.k6runner.analyzer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.baseline.BaselineComparator;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.baseline.BaselineProperties;
import dev.k6runner.analyzer.finish.RunAnalyzer;
import dev.k6runner.analyzer.rules.RuleEngine;
import dev.k6runner.analyzer.rules.RulesProperties;
import dev.k6runner.analyzer.timeline.TimelineAnalyzer;
import dev.k6runner.analyzer.timeline.TimelineProperties;
import dev.k6runner.model.RunStatus;

class AnalyzerTelemetryTest {

    @Test
    void testNameLabelsAreCappedWithOverflowOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AnalyzerTelemetry telemetry = new AnalyzerTelemetry(registry, new MetricsProperties(2));
        var analysis = new RunAnalyzer(new RuleEngine(RulesProperties.defaults()), new TimelineAnalyzer(TimelineProperties.defaults()),
                new BaselineComparator(BaselineProperties.defaults()))
                .analyze(Fixtures.input("mixed-errors", RunStatus.COMPLETED, 0, null), BaselineHistory.empty());
        for (String name : new String[] {"a", "b", "c", "d", "a"}) {
            telemetry.latestResult(name, analysis);
        }
        assertThat(registry.find("k6runner_test_p95_milliseconds").gauges()).extracting(g -> g.getId().getTag("test"))
                .containsExactlyInAnyOrder("a", "b", "_other");
        assertThat(registry.get("k6runner_test_anomaly_severity").tag("test", "a").gauge().value()).isEqualTo(4.0);
        assertThat(registry.get("k6runner_test_error_rate_percent").tag("test", "_other").gauge().value())
                .isEqualTo(0.44696969696969696 * 100);
        telemetry.runFinished(RunStatus.COMPLETED, "payments");
        assertThat(registry.get("k6runner_runs_finished_total").tags("status", "completed", "team", "payments").counter().count()).isEqualTo(1);
    }
}
