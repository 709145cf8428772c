package dev.k6runner.analyzer.merge;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes merged metrics in the exact shape of k6's {@code --summary-export}: trends
 * {@code {avg,min,med,max,p(90),p(95)}} plus any further statistic a segment's own export carried
 * (such as {@code p(99)} or {@code count} from {@code --summary-trend-stats}), counters
 * {@code {count,rate}}, rates {@code {passes,fails,value}}, gauges {@code {value,min,max}}, and each
 * metric's {@code thresholds} map (true = FAILED).
 */
final class SummaryExportWriter {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TREND_STATS = List.of("avg", "min", "med", "max", "p(90)", "p(95)");

    private SummaryExportWriter() {
    }

    static String write(ObjectNode rootGroup, ObjectNode metrics) {
        ObjectNode export = NODES.objectNode();
        export.set("root_group", rootGroup);
        export.set("metrics", metrics);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(export);
    }

    /**
     * @param metrics      merged metrics by name
     * @param segmentStats per metric, the statistics the segments' own exports wrote (extra trend stats)
     * @param fallbacks    per metric the segments' own entries, for metrics no digest folded
     * @param verdicts     merged threshold verdicts per metric
     */
    static ObjectNode metrics(Map<String, MergedMetric> metrics, Map<String, Set<String>> segmentStats,
            Map<String, List<JsonNode>> fallbacks, Map<String, Map<String, Boolean>> verdicts) {
        ObjectNode out = NODES.objectNode();
        metrics.forEach((name, metric) -> out.set(name, entry(metric, segmentStats.getOrDefault(name, Set.of()))));
        fallbacks.forEach((name, entries) -> {
            if (!out.has(name)) {
                out.set(name, RawMetricMerge.merge(entries));
            }
        });
        verdicts.forEach((name, results) -> {
            ObjectNode entry = out.has(name) ? (ObjectNode) out.get(name) : out.putObject(name);
            ObjectNode thresholds = entry.putObject("thresholds");
            results.forEach(thresholds::put);
        });
        return out;
    }

    private static ObjectNode entry(MergedMetric metric, Set<String> segmentStats) {
        ObjectNode node = NODES.objectNode();
        switch (metric.fold.type() == null ? "" : metric.fold.type()) {
            case "counter" -> {
                number(node, "count", metric.fold.sum());
                number(node, "rate", metric.rate());
            }
            case "rate" -> {
                node.put("passes", metric.fold.nonZero());
                node.put("fails", metric.fold.count() - metric.fold.nonZero());
                number(node, "value", metric.rate());
            }
            case "gauge" -> {
                number(node, "value", metric.fold.last());
                number(node, "min", metric.fold.min());
                number(node, "max", metric.fold.max());
            }
            default -> trend(node, metric, segmentStats);
        }
        return node;
    }

    private static void trend(ObjectNode node, MergedMetric metric, Set<String> segmentStats) {
        Set<String> stats = new LinkedHashSet<>(TREND_STATS);
        stats.addAll(segmentStats);
        stats.remove("thresholds");
        for (String stat : stats) {
            Double value = trendStat(metric, stat);
            if (value != null) {
                number(node, stat, value);
            }
        }
    }

    /** As Go's encoder writes k6's float64s: a whole number without a fraction (200, not 200.0); never NaN. */
    private static void number(ObjectNode node, String name, double value) {
        if (!Double.isFinite(value)) {
            node.put(name, 0);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(name, (long) value);
        } else {
            node.put(name, value);
        }
    }

    private static Double trendStat(MergedMetric metric, String stat) {
        return switch (stat) {
            case "avg" -> metric.avg();
            case "min" -> metric.fold.count() == 0 ? 0 : metric.fold.min();
            case "max" -> metric.fold.count() == 0 ? 0 : metric.fold.max();
            case "med" -> metric.percentile(0.5);
            case "count" -> (double) metric.fold.count();
            default -> {
                try {
                    ThresholdExpression asPercentile = ThresholdExpression.parse(stat + "<0");
                    yield asPercentile.isPercentile() ? metric.percentile(asPercentile.percentile()) : null;
                } catch (IllegalArgumentException notAStatistic) {
                    yield null;
                }
            }
        };
    }
}
