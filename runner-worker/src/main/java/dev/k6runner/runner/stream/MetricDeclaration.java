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
        metric.declare(data.path("type").asString(null), data.path("contains").asString(null), strings(data.path("thresholds")));
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

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isString()) {
                out.add(item.asString());
            }
        }
        return out;
    }
}
