package dev.k6runner.analyzer.merge;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * For a metric that no segment's digest folded (a runner older than {@code RunDigest.metrics}), the
 * best the segments' own exports allow: counts and passes/fails added, a counter's rate added (the
 * segments ran over the same time), min of mins and max of maxes. A trend's avg, med and percentiles
 * cannot be merged from summaries: the largest segment figure is kept, an upper bound, never an average.
 */
final class RawMetricMerge {

    private RawMetricMerge() {
    }

    static ObjectNode merge(List<JsonNode> entries) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean rateMetric = entries.getFirst().has("passes");
        for (JsonNode entry : entries) {
            for (Map.Entry<String, JsonNode> stat : entry.properties()) {
                if (!stat.getValue().isNumber()) {
                    continue;
                }
                String name = stat.getKey();
                double value = stat.getValue().doubleValue();
                JsonNode existing = out.get(name);
                if (existing == null) {
                    out.put(name, value);
                    continue;
                }
                double so = existing.doubleValue();
                out.put(name, switch (name) {
                    case "count", "passes", "fails" -> so + value;
                    case "rate" -> so + value;
                    case "min" -> Math.min(so, value);
                    case "value" -> rateMetric ? so : value;
                    default -> Math.max(so, value);
                });
            }
        }
        if (rateMetric) {
            double passes = out.path("passes").asDouble();
            double all = passes + out.path("fails").asDouble();
            out.put("value", all == 0 ? 0 : passes / all);
        }
        return out;
    }
}
