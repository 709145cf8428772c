package dev.k6runner.runner.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads k6's {@code {"type":"Metric","data":{name,type,contains,thresholds,submetrics}}} lines into
 * the {@link MetricTable}. They are a few dozen per stream (one per metric, repeated now and then),
 * so a tree parser costs nothing measurable here; the points stay on the hand-written scanner.
 */
final class MetricDeclaration {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private MetricDeclaration() {
    }

    /** False when the line is not a well-formed declaration. */
    static boolean read(byte[] b, int from, int to, MetricTable table) {
        JsonNode data;
        try {
            data = MAPPER.readTree(b, from, to - from).path("data");
        } catch (JacksonException e) {
            return false;
        }
        String name = data.path("name").asString(null);
        if (name == null) {
            return false;
        }
        MetricAccumulator metric = table.lookup(name);
        if (metric == null) {
            return true;
        }
        metric.declare(data.path("type").asString(null), data.path("contains").asString(null), sources(data.path("thresholds")));
        for (JsonNode sub : data.path("submetrics")) {
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, JsonNode> tag : sub.path("tags").properties()) {
                keys.add(tag.getKey());
                values.add(tag.getValue().asString(""));
            }
            String subName = sub.path("name").asString(name + "{" + sub.path("suffix").asString("") + "}");
            table.declareSubMetric(metric, subName, keys, values);
        }
        return true;
    }

    /**
     * Each threshold's expression. k6 writes a threshold as its expression, or, with {@code abortOnFail}, as
     * {@code {"threshold":"count<30","abortOnFail":true,"delayAbortEval":"1s"}} (metrics/thresholds.go,
     * {@code thresholdConfig.MarshalJSON}; seen with real k6 v0.49 by hand, in no recording).
     */
    private static List<String> sources(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            String source = item.isString() ? item.asString() : item.path("threshold").asString(null);
            if (source != null) {
                out.add(source);
            }
        }
        return out;
    }
}
