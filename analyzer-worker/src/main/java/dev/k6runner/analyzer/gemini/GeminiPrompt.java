package dev.k6runner.analyzer.gemini;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.RunAnalysis;

/** The structured facts sent to Gemini and the JSON schema its answer must follow. */
final class GeminiPrompt {

    private static final List<String> SEVERITIES = List.of("none", "low", "medium", "high", "critical");

    static final Map<String, Object> RESPONSE_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(
                    "severity", Map.of("type", "string", "enum", SEVERITIES),
                    "anomalies", Map.of("type", "array", "items", Map.of(
                            "type", "object",
                            "properties", Map.of(
                                    "type", Map.of("type", "string"),
                                    "severity", Map.of("type", "string", "enum", SEVERITIES),
                                    "message", Map.of("type", "string"),
                                    "metric", Map.of("type", "string"),
                                    "observed", Map.of("type", "number"),
                                    "expected", Map.of("type", "string"),
                                    "recommendation", Map.of("type", "string")),
                            "required", List.of("type", "severity", "message"))),
                    "recommendations", Map.of("type", "array", "items", Map.of("type", "string")),
                    "confidence", Map.of("type", "number", "minimum", 0, "maximum", 1),
                    "summary", Map.of("type", "string")),
            "required", List.of("severity", "anomalies", "recommendations", "confidence"));

    private GeminiPrompt() {
    }

    static String build(AnalysisInput input, RunAnalysis rules) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("test_name", input.name());
        facts.put("outcome", input.outcome().wireName());
        facts.put("k6_exit_code", input.k6ExitCode());
        facts.put("status_reason", input.statusReason());
        facts.put("metrics", rules.metrics());
        facts.put("thresholds", rules.thresholds());
        facts.put("findings", rules.document().anomalies());
        facts.put("baseline", rules.document().baseline());
        facts.put("load_generator", input.digest() == null ? null : input.digest().loadGenerator());
        return """
                You review the result of a k6 load test. The facts below were computed exactly from k6's own
                summary, the per-second timeline and the test's history; do not contradict the numbers. Judge the
                overall severity (none, low, medium, high, critical), keep or add anomalies a team would act on
                (each with type in snake_case, severity, a message stating observed and expected values, metric,
                observed, expected, recommendation), give concrete recommendations, and your confidence 0..1.
                Answer only with JSON matching the response schema.

                FACTS:
                """ + AnalysisJson.write(facts);
    }
}
