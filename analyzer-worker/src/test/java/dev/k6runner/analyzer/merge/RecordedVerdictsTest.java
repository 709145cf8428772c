package dev.k6runner.analyzer.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.k6runner.model.RunFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

/** k6's own threshold verdicts in every recording with thresholds, reproduced from the folded stream alone. */
class RecordedVerdictsTest {

    static final List<String> WITH_THRESHOLDS = List.of("basic-get", "threshold-fail",
            "execution-segments/segment-0", "execution-segments/segment-1", "execution-segments/whole",
            "segments-thresholds/segment-0", "segments-thresholds/segment-1", "segments-thresholds/whole");

    @ParameterizedTest
    @FieldSource("WITH_THRESHOLDS")
    void everyThresholdVerdictAndTheExitCodeEqualK6s(String folder) {
        RunFinished recorded = Recordings.result(folder);
        RunFinished ours = SegmentMerge.merge(List.of(withoutVerdicts(recorded)));
        JsonNode k6 = Recordings.summary(folder).get("metrics");
        JsonNode merged = Recordings.json(ours.rawSummary()).get("metrics");

        int compared = 0;
        for (Map.Entry<String, JsonNode> metric : k6.properties()) {
            if (metric.getValue().has("thresholds")) {
                assertThat(merged.get(metric.getKey()).get("thresholds")).as(folder + " " + metric.getKey())
                        .isEqualTo(metric.getValue().get("thresholds"));
                compared++;
            }
        }
        assertThat(compared).isPositive();
        assertThat(ours.k6ExitCode()).isEqualTo(recorded.k6ExitCode());
    }

    @Test
    void segmentsThatEachFailTheirOwnThresholdsMergeIntoTheWholeProcesssPassingVerdict() {
        RunFinished merged = SegmentMerge.merge(List.of(Recordings.result("segments-thresholds/segment-0"),
                Recordings.result("segments-thresholds/segment-1")));
        JsonNode whole = Recordings.summary("segments-thresholds/whole").get("metrics");
        JsonNode ours = Recordings.json(merged.rawSummary()).get("metrics");

        for (Map.Entry<String, JsonNode> metric : whole.properties()) {
            if (metric.getValue().has("thresholds")) {
                assertThat(ours.get(metric.getKey()).get("thresholds")).as(metric.getKey())
                        .isEqualTo(metric.getValue().get("thresholds"));
            }
        }
        assertThat(Recordings.result("segments-thresholds/segment-0").k6ExitCode()).isEqualTo(99);
        assertThat(merged.k6ExitCode()).isZero();
        assertThat(ours.at("/http_req_duration{name:checkout}/count").asLong())
                .isEqualTo(whole.at("/http_req_duration{name:checkout}/count").asLong()).isEqualTo(60);
        assertThat(ours.at("/http_req_duration/p(99)").isNumber()).isTrue();
    }

    /** The verdicts must come from the evaluation, not be copied: only the expressions are kept. */
    private static RunFinished withoutVerdicts(RunFinished r) {
        String blanked = r.rawSummary().replace(": true", ": false");
        return new RunFinished(r.runId(), r.attemptId(), r.runnerId(), r.outcome(), r.statusReason(), r.k6ExitCode(),
                blanked, r.consoleOutput(), r.digest(), r.startedAt(), r.finishedAt());
    }
}
