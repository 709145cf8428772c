package dev.k6runner.analyzer.finish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.analysis.Verdict;
import dev.k6runner.analyzer.baseline.BaselineComparator;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.baseline.BaselineProperties;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.rules.RuleEngine;
import dev.k6runner.analyzer.rules.RulesProperties;
import dev.k6runner.analyzer.timeline.TimelineAnalyzer;
import dev.k6runner.analyzer.timeline.TimelineProperties;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Severity;

class RunAnalyzerTest {

    private final RunAnalyzer analyzer = new RunAnalyzer(new RuleEngine(RulesProperties.defaults()),
            new TimelineAnalyzer(TimelineProperties.defaults()), new BaselineComparator(BaselineProperties.defaults()));

    @Test
    void healthyRunHasNoAnomaliesAndSeverityNone() {
        RunAnalysis analysis = analyzer.analyze(Fixtures.input("basic-get", RunStatus.COMPLETED, 0,
                Fixtures.digest(Fixtures.healthyTimeline(), List.of())), BaselineHistory.empty());
        assertThat(analysis.document().hasAnomalies()).isFalse();
        assertThat(analysis.document().severity()).isEqualTo(Severity.NONE);
        assertThat(analysis.document().anomalies()).isEmpty();
        assertThat(analysis.document().analyzer()).isEqualTo("rules");
        assertThat(analysis.thresholds().passed()).isTrue();
        assertThat(AnalysisJson.write(analysis.document())).contains("\"severity\":\"none\"").contains("\"has_anomalies\":false");
    }

    /** basic-get's summary is healthy; only its timeline shows the burst. */
    @Test
    void timelineCatchesWhatTheAveragesHide() {
        RunDigest burst = Fixtures.digest(Fixtures.timeline(60, s -> Fixtures.point(s, 100, s >= 20 && s < 23 ? 70 : 0, 10, 50)), List.of());
        RunAnalysis analysis = analyzer.analyze(Fixtures.input("basic-get", RunStatus.COMPLETED, 0, burst), BaselineHistory.empty());
        assertThat(analysis.document().anomalies()).extracting(Anomaly::type).containsExactly("error_burst");
        assertThat(analysis.document().severity()).isEqualTo(Severity.HIGH);
        assertThat(analysis.document().findingsBySource()).containsEntry("timeline", 1L).containsEntry("rules", 0L);
    }

    @Test
    void severityIsTheWorstAnomalyAndAnomaliesAreOrderedWorstFirst() {
        RunAnalysis analysis = analyzer.analyze(Fixtures.input("mixed-errors", RunStatus.COMPLETED, 0, null), BaselineHistory.empty());
        assertThat(analysis.document().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(analysis.document().anomalies().getFirst().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(analysis.document().recommendations()).hasSize(analysis.document().anomalies().size());
    }

    @Test
    void unreadableSummaryStillGivesAnAnalysis() {
        AnalysisInput broken = new AnalysisInput(UUID.randomUUID(), "t", "n", RunStatus.COMPLETED, null, 0, "{not json", "", null);
        RunAnalysis analysis = analyzer.analyze(broken, BaselineHistory.empty());
        assertThat(analysis.metrics()).isEqualTo(RunMetrics.none());
        assertThat(analysis.document().anomalies()).extracting(Anomaly::type).containsExactly("summary_unreadable");
        assertThat(analysis.document().confidence()).isEqualTo(0.5);
    }

    @Test
    void confidenceFollowsTheWrittenRule() {
        RunMetrics big = new RunMetrics(1.0, 1.0, 1.0, 1.0, null, 1.0, 0.0, 10_000L, 0L, 100.0, 10, 10_000L, 100.0, null,
                null, 1L, 1L, 0L);
        RunDigest withTimeline = Fixtures.digest(Fixtures.healthyTimeline(), List.of());
        assertThat(Verdict.confidence(true, big, withTimeline)).isEqualTo(0.95);
        assertThat(Verdict.confidence(true, big, null)).isEqualTo(0.86);
        assertThat(Verdict.confidence(false, big, withTimeline)).isEqualTo(0.5);
        RunMetrics shortAndSmall = new RunMetrics(1.0, 1.0, 1.0, 1.0, null, 1.0, 0.0, 10L, 0L, 5.0, 1, 10L, 2.0, null,
                null, 1L, 1L, 0L);
        assertThat(Verdict.confidence(true, shortAndSmall, withTimeline)).isEqualTo(0.48);
        RunDigest saturated = new RunDigest(1, Fixtures.healthyTimeline(), List.of(), null,
                new LoadGeneratorHealth(10, 99, 100, 1, true), 1, null);
        assertThat(Verdict.confidence(true, big, saturated)).isEqualTo(0.66);
        assertThat(Verdict.severity(List.of())).isEqualTo(Severity.NONE);
    }
}
