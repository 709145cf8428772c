package dev.k6runner.cli;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** The anomaly section of a result: each finding with its evidence, then the recommendations. */
final class AnomalyRenderer {

    private AnomalyRenderer() {
    }

    static void render(JsonNode analysis, List<String> lines) {
        if (!Json.present(analysis) || !analysis.isObject()) {
            return;
        }
        JsonNode anomalies = analysis.path("anomalies");
        lines.add("");
        String analyzer = Json.text(analysis, "analyzer");
        Double confidence = Json.number(analysis, "confidence");
        lines.add("Anomalies: " + (anomalies.isArray() && !anomalies.isEmpty()
                ? anomalies.size() + ", overall severity " + Json.text(analysis, "severity")
                : "none")
                + " (analyzer " + Format.orDash(analyzer)
                + (confidence == null ? "" : ", confidence " + Format.number(confidence, 2)) + ")");
        if (anomalies.isArray()) {
            for (JsonNode anomaly : anomalies.values()) {
                lines.add("  [" + Format.orDash(Json.text(anomaly, "severity")) + "] "
                        + Format.orDash(Json.text(anomaly, "type")) + ": " + Format.orDash(Json.text(anomaly, "message")));
                String evidence = evidence(anomaly);
                if (!evidence.isEmpty()) {
                    lines.add("      " + evidence);
                }
            }
        }
        JsonNode recommendations = analysis.path("recommendations");
        if (recommendations.isArray() && !recommendations.isEmpty()) {
            lines.add("Recommendations");
            recommendations.values().forEach(r -> lines.add("  - " + r.asString()));
        }
    }

    private static String evidence(JsonNode anomaly) {
        StringBuilder text = new StringBuilder();
        String metric = Json.text(anomaly, "metric");
        if (metric != null) {
            text.append(metric);
        }
        Double observed = Json.number(anomaly, "observed");
        if (observed != null) {
            text.append(text.isEmpty() ? "" : " ").append("observed ").append(Format.number(observed, 2));
        }
        String expected = Json.text(anomaly, "expected");
        if (expected != null) {
            text.append(text.isEmpty() ? "" : ", ").append("expected ").append(expected);
        }
        return text.toString();
    }
}
