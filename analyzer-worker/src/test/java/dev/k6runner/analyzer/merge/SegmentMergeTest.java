package dev.k6runner.analyzer.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import dev.k6runner.analyzer.metrics.MetricsExtractor;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.metrics.SummaryExport;
import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The recorded execution-segments test (200 shared iterations on 4 VUs, run by k6 as segments 0:1/2
 * and 1/2:1, and as one process in whole/) merged, against what the whole process reported.
 */
class SegmentMergeTest {

    private static final String SEGMENT_0 = "execution-segments/segment-0";
    private static final String SEGMENT_1 = "execution-segments/segment-1";
    private static final String WHOLE = "execution-segments/whole";

    @Test
    void theMergedSegmentsCountWhatTheWholeProcessCounted() {
        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), Recordings.result(SEGMENT_1)));
        JsonNode ours = Recordings.json(merged.rawSummary());
        JsonNode whole = Recordings.summary(WHOLE);

        for (String counter : List.of("iterations", "http_reqs", "data_sent", "data_received")) {
            assertThat(ours.at("/metrics/" + counter + "/count").asDouble()).as(counter)
                    .isEqualTo(whole.at("/metrics/" + counter + "/count").asDouble());
        }
        assertThat(ours.at("/metrics/iterations/count").asLong()).isEqualTo(200);
        assertThat(ours.at("/metrics/http_req_failed/fails").asLong()).isEqualTo(200);
        assertThat(ours.at("/metrics/http_req_failed/passes").asLong()).isZero();
        assertThat(ours.at("/metrics/checks/passes").asLong()).isEqualTo(200);
        assertThat(ours.at("/metrics/vus_max/max").asDouble()).isEqualTo(whole.at("/metrics/vus_max/max").asDouble());
        assertThat(ours.get("root_group")).isEqualTo(whole.get("root_group"));
        assertThat(ours.get("metrics").propertyNames()).containsExactlyInAnyOrderElementsOf(whole.get("metrics").propertyNames());
        for (String metric : whole.get("metrics").propertyNames()) {
            assertThat(ours.get("metrics").get(metric).propertyNames()).as(metric)
                    .containsExactlyInAnyOrderElementsOf(whole.get("metrics").get(metric).propertyNames());
        }
    }

    @Test
    void theMergedThresholdsGiveTheWholeProcesssVerdictAndExitCode() {
        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), Recordings.result(SEGMENT_1)));
        JsonNode ours = Recordings.json(merged.rawSummary());
        JsonNode whole = Recordings.summary(WHOLE);

        assertThat(ours.at("/metrics/http_req_duration/thresholds")).isEqualTo(whole.at("/metrics/http_req_duration/thresholds"));
        assertThat(ours.at("/metrics/http_req_failed/thresholds")).isEqualTo(whole.at("/metrics/http_req_failed/thresholds"));
        assertThat(merged.outcome()).isEqualTo(RunStatus.COMPLETED);
        assertThat(merged.k6ExitCode()).isZero();
        assertThat(merged.runId()).isEqualTo(Recordings.RUN);
    }

    @Test
    void mergedP95AndP99AreWithinOnePercentOfTheExactPercentilesOfTheUnionOfSamples() {
        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), Recordings.result(SEGMENT_1)));
        double[] union = Recordings.union(Recordings.samples(SEGMENT_0, "http_req_duration"),
                Recordings.samples(SEGMENT_1, "http_req_duration"));
        MergedMetric duration = mergedMetric(merged, "http_req_duration");

        for (double p : new double[] {0.95, 0.99}) {
            double exact = Recordings.exactPercentile(union, p);
            assertThat(duration.percentile(p)).as("p(%s)", p * 100).isCloseTo(exact, within(0.01 * exact));
        }
        assertThat(duration.fold.count()).isEqualTo(union.length).isEqualTo(200);
        assertThat(duration.fold.min()).isEqualTo(union[0]);
        assertThat(duration.fold.max()).isEqualTo(union[union.length - 1]);
    }

    @Test
    void eachMergedTimelineBucketsPercentilesComeFromTheUnionOfThatBucketsSamples() {
        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), Recordings.result(SEGMENT_1)));
        java.util.Map<Long, List<Double>> bySecond = new java.util.TreeMap<>();
        for (String segment : List.of(SEGMENT_0, SEGMENT_1)) {
            Recordings.timedSamples(segment, "http_req_duration")
                    .forEach(t -> bySecond.computeIfAbsent(t[0].longValue(), k -> new java.util.ArrayList<>()).add(t[1]));
        }

        assertThat(merged.digest().timeline()).hasSize(bySecond.size());
        for (var point : merged.digest().timeline()) {
            double[] sorted = bySecond.get(point.epochSecond()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double nearestRank = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
            assertThat(point.requests()).isEqualTo(sorted.length);
            assertThat(point.p95Ms()).as("second %d", point.epochSecond()).isCloseTo(nearestRank, within(0.01 * nearestRank + 0.001));
        }
    }

    @Test
    void eachMergedBucketTakesTheBusiestGeneratorsCpu() {
        RunFinished merged = SegmentMerge.merge(List.of(withCpu(Recordings.result(SEGMENT_0), 30.0),
                withCpu(Recordings.result(SEGMENT_1), 80.0)));
        assertThat(merged.digest().timeline()).isNotEmpty()
                .allSatisfy(point -> assertThat(point.generatorCpuPercent()).isEqualTo(80.0));
        RunFinished without = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), Recordings.result(SEGMENT_1)));
        assertThat(without.digest().timeline()).allSatisfy(point -> assertThat(point.generatorCpuPercent()).isNull());
    }

    private static RunFinished withCpu(RunFinished result, double percent) {
        var d = result.digest();
        var timeline = d.timeline().stream().map(point -> point.withGeneratorCpu(percent)).toList();
        var digest = new dev.k6runner.model.RunDigest(d.bucketSeconds(), timeline, d.endpoints(), d.latencyHistogram(),
                d.loadGenerator(), d.pointsRead(), d.metrics());
        return new RunFinished(result.runId(), result.attemptId(), result.runnerId(), result.outcome(), result.statusReason(),
                result.k6ExitCode(), result.rawSummary(), result.consoleOutput(), digest, result.startedAt(),
                result.finishedAt(), result.segment());
    }

    @Test
    void theMergedSummaryReadsAsOneK6SummaryThroughTheAnalyzersExtractor() {
        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), Recordings.result(SEGMENT_1)));
        RunMetrics metrics = MetricsExtractor.extract(SummaryExport.parse(merged.rawSummary()).orElseThrow(), merged.digest());

        assertThat(metrics.totalRequests()).isEqualTo(200);
        assertThat(metrics.iterations()).isEqualTo(200);
        assertThat(metrics.checksPassed()).isEqualTo(200);
        assertThat(metrics.vusMax()).isEqualTo(4);
        assertThat(metrics.durationSeconds()).isPositive();
        assertThat(SummaryExport.parse(merged.rawSummary()).orElseThrow().thresholds().passed()).isTrue();
        assertThat(merged.digest().timeline().stream().mapToLong(t -> t.requests()).sum()).isEqualTo(200);
        assertThat(merged.digest().endpoints().stream().mapToLong(e -> e.requests()).sum()).isEqualTo(200);
    }

    @Test
    void aThresholdThatEverySegmentPassesButTheMergedDataFailsFailsTheRun() {
        RunFinished merged = SegmentMerge.merge(List.of(
                withThreshold(Recordings.result(SEGMENT_0), "iterations", "count<150"),
                withThreshold(Recordings.result(SEGMENT_1), "iterations", "count<150")));

        assertThat(Recordings.json(merged.rawSummary()).at("/metrics/iterations/thresholds/count<150").asBoolean()).isTrue();
        assertThat(merged.k6ExitCode()).isEqualTo(99);
        assertThat(merged.outcome()).isEqualTo(RunStatus.COMPLETED);
        assertThat(merged.statusReason()).contains("merged");
    }

    @Test
    void aBrokenSegmentGivesTheRunItsOutcomeAndItsPartialMetricsAreKept() {
        RunFinished interrupted = Recordings.result(SEGMENT_1);
        interrupted = new RunFinished(interrupted.runId(), interrupted.attemptId(), interrupted.runnerId(),
                RunStatus.INTERRUPTED, "runner lost", null, null, null, interrupted.digest(),
                interrupted.startedAt(), interrupted.finishedAt());

        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result(SEGMENT_0), interrupted));

        assertThat(merged.outcome()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(merged.k6ExitCode()).isNull();
        assertThat(merged.statusReason()).isEqualTo("runner lost");
        assertThat(Recordings.json(merged.rawSummary()).at("/metrics/iterations/count").asLong()).isEqualTo(200);
    }

    @Test
    void oneSegmentMergedAloneKeepsK6sOwnFigures() {
        RunFinished alone = SegmentMerge.merge(List.of(Recordings.result(WHOLE)));
        JsonNode ours = Recordings.json(alone.rawSummary());
        JsonNode k6 = Recordings.summary(WHOLE);

        assertThat(ours.at("/metrics/http_reqs/rate").asDouble()).isCloseTo(k6.at("/metrics/http_reqs/rate").asDouble(), within(1e-9));
        assertThat(ours.at("/metrics/http_req_duration/avg").asDouble())
                .isCloseTo(k6.at("/metrics/http_req_duration/avg").asDouble(), within(1e-9));
        assertThat(ours.at("/metrics/http_req_duration/p(95)").asDouble())
                .isCloseTo(k6.at("/metrics/http_req_duration/p(95)").asDouble(), within(0.001 * 68.3));
        assertThat(ours.at("/metrics/vus/value").asDouble()).isEqualTo(4);
    }

    private static MergedMetric mergedMetric(RunFinished merged, String name) {
        MetricFold fold = merged.digest().metrics().metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        return new MergedMetric(fold, 1);
    }

    private static RunFinished withThreshold(RunFinished segment, String metric, String expression) {
        ObjectNode summary = (ObjectNode) Recordings.json(segment.rawSummary());
        ((ObjectNode) summary.get("metrics").get(metric)).putObject("thresholds").put(expression, false);
        return new RunFinished(segment.runId(), segment.attemptId(), segment.runnerId(), segment.outcome(),
                segment.statusReason(), segment.k6ExitCode(), summary.toString(), segment.consoleOutput(),
                segment.digest(), segment.startedAt(), segment.finishedAt());
    }
}
