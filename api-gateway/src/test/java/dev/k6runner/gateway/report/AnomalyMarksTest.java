package dev.k6runner.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Where each finding is drawn, read back from what the analyzer says (its messages, expected and observed values). */
class AnomalyMarksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aSaturationPointIsMarkedWhereTheVusFirstReachItsLevel() {
        ObjectNode doc = timeline(new int[] {2, 4, 6, 8, 10, 12, 14}, new double[] {10, 10, 12, 30, 60, 90, 120});
        JsonNode anomalies = JSON.readTree("""
                [{"type":"saturation_point","severity":"medium","metric":"vus","observed":8.0,"message":"Throughput stopped growing at about 8 VUs"}]""");

        List<AnomalyMarks.Mark> marks = AnomalyMarks.of(anomalies, ChartData.Timeline.of(doc));

        assertThat(marks).containsExactly(new AnomalyMarks.Mark(0, "vus", 6, null, 8.0, "saturation_point", "medium"));
    }

    @Test
    void aDegradationIsMarkedWhereTheP95StaysAboveTheBoundNotAtAStraySlowSecond() {
        ObjectNode doc = timeline(new int[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, new double[] {10, 40, 10, 10, 12, 35, 38, 41, 45, 50});
        JsonNode anomalies = JSON.readTree("""
                [{"type":"rules_only","severity":"low","message":"the whole run"},
                 {"type":"latency_degradation","severity":"high","expected":"< 30 ms (×1.50 of the start)","observed":45}]""");

        List<AnomalyMarks.Mark> marks = AnomalyMarks.of(anomalies, ChartData.Timeline.of(doc));

        assertThat(marks).containsExactly(new AnomalyMarks.Mark(1, "latency", 10, null, 30.0, "latency_degradation", "high"));
    }

    @Test
    void anErrorBurstIsMarkedOverTheWindowItsMessageNames() {
        JsonNode anomalies = JSON.readTree("""
                [{"type":"error_burst","severity":"medium","message":"Error burst from +71s to +81s of the run: 355 of 1289 requests failed"}]""");

        List<AnomalyMarks.Mark> marks = AnomalyMarks.of(anomalies, ChartData.Timeline.of(timeline(new int[] {1}, new double[] {1})));

        assertThat(marks).containsExactly(new AnomalyMarks.Mark(0, "throughput", 71, 81L, null, "error_burst", "medium"));
    }

    @Test
    void findingsWithTheirOwnTimesAreMarkedThereWhateverTheirWordsSay() {
        ObjectNode doc = timeline(new int[] {2, 4, 6, 8}, new double[] {10, 10, 10, 10});
        JsonNode anomalies = JSON.readTree("""
                [{"type":"error_burst","severity":"high","metric":"error_rate","message":"Error burst from +1s to +2s",
                  "started_at":"2023-11-14T22:13:24Z","ended_at":"2023-11-14T22:13:28Z"},
                 {"type":"saturation_point","severity":"medium","metric":"vus","observed":6.0,"started_at":"2023-11-14T22:13:26Z"},
                 {"type":"latency_degradation","severity":"high","expected":"< 30 ms (×1.50 of the start)","started_at":"2023-11-14T22:13:22Z"},
                 {"type":"slow_endpoint","severity":"medium","metric":"p95_response_time_ms"}]""");

        List<AnomalyMarks.Mark> marks = AnomalyMarks.of(anomalies, ChartData.Timeline.of(doc));

        // the timeline starts at 1_700_000_000 = 2023-11-14T22:13:20Z
        assertThat(marks).containsExactly(new AnomalyMarks.Mark(0, "throughput", 4, 8L, null, "error_burst", "high"),
                new AnomalyMarks.Mark(1, "vus", 6, null, 6.0, "saturation_point", "medium"),
                new AnomalyMarks.Mark(2, "latency", 2, null, 30.0, "latency_degradation", "high"));
    }

    /** Buckets 2 s apart with these VUs and p95s. */
    private static ObjectNode timeline(int[] vus, double[] p95) {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode timeline = doc.putArray("timeline");
        for (int i = 0; i < vus.length; i++) {
            timeline.addObject().put("epoch_second", 1_700_000_000L + 2L * i).put("requests", 10).put("failed_requests", 0)
                    .put("vus", vus[i]).put("p95_ms", p95[i]);
        }
        return doc;
    }
}
