package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.model.RunFinished;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one segment's own {@code --summary-export} tells a merge: which thresholds the test declared
 * (sub-metric ones included, which the stream does not list), which trend statistics k6 was asked
 * for, and how long k6 says the test ran (count / rate of any counter).
 *
 * @param export the parsed export, null when the segment has none or it is not JSON
 */
record SegmentSummary(JsonNode export) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> COUNTERS = List.of("iterations", "http_reqs", "data_sent", "data_received");

    static SegmentSummary of(RunFinished segment) {
        String raw = segment.rawSummary();
        if (raw == null || raw.isBlank()) {
            return new SegmentSummary(null);
        }
        try {
            JsonNode root = MAPPER.readTree(raw);
            return new SegmentSummary(root.path("metrics").isObject() ? root : null);
        } catch (JacksonException notJson) {
            return new SegmentSummary(null);
        }
    }

    Map<String, JsonNode> metricEntries() {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        if (export != null) {
            export.get("metrics").properties().forEach(e -> entries.put(e.getKey(), e.getValue()));
        }
        return entries;
    }

    Map<String, List<String>> thresholds() {
        Map<String, List<String>> thresholds = new LinkedHashMap<>();
        metricEntries().forEach((metric, entry) -> {
            List<String> expressions = new ArrayList<>(entry.path("thresholds").propertyNames());
            if (!expressions.isEmpty()) {
                thresholds.put(metric, expressions);
            }
        });
        return thresholds;
    }

    /** k6 computes every counter's rate as count / test duration; 0 when the export says nothing. */
    double durationSeconds() {
        if (export == null) {
            return 0;
        }
        for (String counter : COUNTERS) {
            JsonNode entry = export.get("metrics").path(counter);
            double count = entry.path("count").asDouble(0);
            double rate = entry.path("rate").asDouble(0);
            if (count > 0 && rate > 0) {
                return count / rate;
            }
        }
        return 0;
    }
}
