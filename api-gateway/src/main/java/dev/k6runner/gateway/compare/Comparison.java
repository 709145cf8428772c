package dev.k6runner.gateway.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two runs' result documents (as the results endpoint serves them) side by side: every metric with its change and a
 * verdict that accounts for noise ({@link ChangeTest} over the runs' per-bucket series), an overall verdict, and the
 * endpoints' changes.
 */
final class Comparison {

    /** An endpoint's p95 must move by this much to be named: endpoints have no per-bucket series to test. */
    static final double ENDPOINT_EFFECT = 0.20;

    private Comparison() {
    }

    static ObjectNode of(JsonMapper mapper, JsonNode base, JsonNode head) {
        ObjectNode out = mapper.createObjectNode();
        out.set("base", run(mapper, base));
        out.set("head", run(mapper, head));
        ArrayNode metrics = out.putArray("metrics");
        List<String> verdicts = new ArrayList<>();
        for (String name : metricNames(base, head)) {
            ObjectNode metric = metric(mapper, name, base, head);
            metrics.add(metric);
            if (metric.path("judged").asBoolean()) {
                verdicts.add(metric.path("verdict").asString());
            }
        }
        out.put("verdict", overall(verdicts));
        out.set("endpoints", EndpointChanges.of(mapper, base.path("endpoints"), head.path("endpoints")));
        out.put("method", "Per metric: a two-sided Mann-Whitney U test (alpha " + ChangeTest.ALPHA
                + ") of the two runs' per-bucket series, and a minimum change of the series' median (10 % for latency "
                + "and throughput, 1 percentage point for errors); both must hold. Overall: regression if any metric "
                + "regressed, else improvement if any improved. Endpoints: p95 change of at least 20 %.");
        return out;
    }

    static String overall(List<String> verdicts) {
        if (verdicts.contains("regression")) {
            return "regression";
        }
        return verdicts.contains("improvement") ? "improvement" : "no_change";
    }

    private static ObjectNode run(JsonMapper mapper, JsonNode doc) {
        ObjectNode run = mapper.createObjectNode();
        for (String member : List.of("test_id", "name", "status", "started_at", "finished_at")) {
            run.set(member, doc.path(member).isMissingNode() ? mapper.nullNode() : doc.path(member));
        }
        run.put("buckets", doc.path("timeline").size());
        return run;
    }

    /** The metrics of either run: the judged ones first, each group in the base's order, then the head's new ones. */
    private static List<String> metricNames(JsonNode base, JsonNode head) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        base.path("metrics").propertyNames().forEach(name -> names.put(name, true));
        head.path("metrics").propertyNames().forEach(name -> names.put(name, true));
        List<String> ordered = new ArrayList<>(names.keySet());
        ordered.sort((a, b) -> Boolean.compare(!MetricRule.RULES.containsKey(a), !MetricRule.RULES.containsKey(b)));
        return ordered;
    }

    private static ObjectNode metric(JsonMapper mapper, String name, JsonNode base, JsonNode head) {
        JsonNode baseValue = base.path("metrics").path(name);
        JsonNode headValue = head.path("metrics").path(name);
        ObjectNode metric = mapper.createObjectNode().put("metric", name);
        metric.set("base", baseValue.isNumber() ? baseValue : mapper.nullNode());
        metric.set("head", headValue.isNumber() ? headValue : mapper.nullNode());
        if (baseValue.isNumber() && headValue.isNumber()) {
            metric.put("change", headValue.asDouble() - baseValue.asDouble());
            putFinite(metric, "relative_change", ChangeTest.relativeChange(baseValue.asDouble(), headValue.asDouble()));
        } else {
            metric.putNull("change");
            metric.putNull("relative_change");
        }
        MetricRule rule = MetricRule.RULES.get(name);
        if (rule == null) {
            return metric.put("verdict", "no_change").put("judged", false);
        }
        ChangeTest.Outcome outcome = ChangeTest.decide(rule.series().of(base), rule.series().of(head), rule.direction(),
                rule.minEffect(), rule.relative());
        metric.put("verdict", outcome.verdict()).put("judged", true);
        metric.set("decided_by", decidedBy(mapper, rule, outcome));
        return metric;
    }

    private static ObjectNode decidedBy(JsonMapper mapper, MetricRule rule, ChangeTest.Outcome outcome) {
        ObjectNode by = mapper.createObjectNode().put("series", rule.series().description())
                .put("test", "mann_whitney_u").put("p_value", outcome.pValue());
        putFinite(by, "base_median", outcome.baseMedian());
        putFinite(by, "head_median", outcome.headMedian());
        putFinite(by, rule.relative() ? "median_relative_change" : "median_change", outcome.effect());
        by.put("min_effect", rule.minEffect()).put("lower_is_better",
                rule.direction() == ChangeTest.Direction.LOWER_IS_BETTER);
        by.put("base_buckets", outcome.baseSamples()).put("head_buckets", outcome.headSamples());
        return by;
    }

    static void putFinite(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
