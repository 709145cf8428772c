package dev.k6runner.gateway.compare;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The endpoints of two runs matched by method, name and status, with their p95 and error changes. An endpoint has
 * only its whole-run figures (no per-bucket series), so its verdict is by effect size alone, a wider one than the
 * metrics' ({@link Comparison#ENDPOINT_EFFECT}); the run's verdict does not depend on it.
 */
final class EndpointChanges {

    private EndpointChanges() {
    }

    static ArrayNode of(JsonMapper mapper, JsonNode base, JsonNode head) {
        Map<String, JsonNode[]> byKey = new LinkedHashMap<>();
        base.forEach(endpoint -> byKey.computeIfAbsent(key(endpoint), k -> new JsonNode[2])[0] = endpoint);
        head.forEach(endpoint -> byKey.computeIfAbsent(key(endpoint), k -> new JsonNode[2])[1] = endpoint);
        ArrayNode out = mapper.createArrayNode();
        byKey.values().forEach(pair -> out.add(change(mapper, pair[0], pair[1])));
        return out;
    }

    private static String key(JsonNode endpoint) {
        return endpoint.path("method").asString("") + ' ' + endpoint.path("name").asString("") + ' '
                + endpoint.path("status").asString("");
    }

    private static ObjectNode change(JsonMapper mapper, JsonNode base, JsonNode head) {
        JsonNode any = base != null ? base : head;
        ObjectNode out = mapper.createObjectNode().put("method", any.path("method").asString(""))
                .put("name", any.path("name").asString("")).put("status", any.path("status").asString(""));
        out.set("base", figures(mapper, base));
        out.set("head", figures(mapper, head));
        if (base == null || head == null) {
            return out.put("verdict", base == null ? "only_in_head" : "only_in_base");
        }
        double p95Change = ChangeTest.relativeChange(base.path("p95_ms").asDouble(), head.path("p95_ms").asDouble());
        Comparison.putFinite(out, "p95_relative_change", p95Change);
        out.put("error_rate_change", errorRate(head) - errorRate(base));
        String verdict = Math.abs(p95Change) < Comparison.ENDPOINT_EFFECT ? "no_change"
                : p95Change > 0 ? "regression" : "improvement";
        return out.put("verdict", verdict);
    }

    private static JsonNode figures(JsonMapper mapper, JsonNode endpoint) {
        if (endpoint == null) {
            return mapper.nullNode();
        }
        return mapper.createObjectNode().put("requests", endpoint.path("requests").asLong())
                .put("error_rate", errorRate(endpoint)).put("avg_ms", endpoint.path("avg_ms").asDouble())
                .put("p95_ms", endpoint.path("p95_ms").asDouble());
    }

    /** Failed requests over requests, 0..1. */
    private static double errorRate(JsonNode endpoint) {
        long requests = endpoint.path("requests").asLong();
        return requests == 0 ? 0 : endpoint.path("failed_requests").asDouble() / requests;
    }
}
