package dev.k6runner.analyzer.gemini;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.k6runner.analyzer.analysis.AnalysisDocument;
import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.model.AnalyzerKind;
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

    /** The written merge rule: rule findings always stay; Gemini adds new types, may raise, never lower, severity. */
    RunAnalysis mergeInto(RunAnalysis rules) {
        AnalysisDocument base = rules.document();
        Set<String> known = base.anomalies().stream().map(Anomaly::type).collect(Collectors.toSet());
        List<Anomaly> anomalies = new ArrayList<>(base.anomalies());
        anomalies().stream().filter(anomaly -> !known.contains(anomaly.type())).forEach(anomalies::add);
        double confidence = Math.min(confidence(), base.confidence());
        AnalysisDocument merged = AnalysisDocument.of(anomalies, Math.round(confidence * 100) / 100.0, AnalyzerKind.AI,
                null, base.baseline(), recommendations());
        if (severity().compareTo(merged.severity()) > 0) {
            merged = new AnalysisDocument(merged.hasAnomalies(), severity(), merged.anomalies(),
                    merged.recommendations(), merged.confidence(), merged.analyzer(), null, merged.summary(),
                    merged.baseline(), merged.findingsBySource());
        }
        return new RunAnalysis(rules.metrics(), rules.thresholds(), merged);
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
