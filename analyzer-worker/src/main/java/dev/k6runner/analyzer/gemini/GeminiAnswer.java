package dev.k6runner.analyzer.gemini;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.model.Severity;

/** Gemini's answer, validated: anything off-schema makes the whole answer malformed. */
record GeminiAnswer(Severity severity, List<Anomaly> anomalies, List<String> recommendations, double confidence) {

    static GeminiAnswer parse(String text) {
        if (text == null || text.isBlank()) {
            throw malformed("empty answer", null);
        }
        try {
            JsonNode root = AnalysisJson.MAPPER.readTree(text);
            JsonNode confidence = root.path("confidence");
            if (!confidence.isNumber() || confidence.doubleValue() < 0 || confidence.doubleValue() > 1) {
                throw malformed("confidence missing or outside 0..1", null);
            }
            List<Anomaly> anomalies = new ArrayList<>();
            for (JsonNode item : root.path("anomalies")) {
                anomalies.add(new Anomaly(required(item, "type"), severity(required(item, "severity")),
                        required(item, "message"), item.path("metric").asString(null),
                        item.path("observed").isNumber() ? item.path("observed").doubleValue() : null,
                        item.path("expected").asString(null), item.path("recommendation").asString(null), Anomaly.AI));
            }
            List<String> recommendations = new ArrayList<>();
            root.path("recommendations").forEach(item -> recommendations.add(item.asString()));
            return new GeminiAnswer(severity(required(root, "severity")), anomalies, recommendations,
                    confidence.doubleValue());
        } catch (JacksonException e) {
            throw malformed("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw malformed("missing " + field, null);
        }
        return value.asString();
    }

    private static Severity severity(String value) {
        try {
            return Severity.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw malformed("unknown severity " + value, e);
        }
    }

    private static GeminiCallException malformed(String message, Throwable cause) {
        return new GeminiCallException("malformed", "Gemini's answer is malformed: " + message, cause);
    }
}
