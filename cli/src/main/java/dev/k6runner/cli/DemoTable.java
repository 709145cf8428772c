package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The demo's closing table: one line per sample, then the anomalies found and what to do. */
final class DemoTable {

    private DemoTable() {
    }

    static List<String> render(Map<String, String> submitted, Map<String, JsonNode> results) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(Format.cell("SAMPLE", 28) + Format.cell("STATUS", 12) + Format.cell("EXIT", 6) + Format.cell("REQS", 8)
                + Format.cell("ERR%", 8) + Format.cell("P95 MS", 9) + Format.cell("RPS", 8) + Format.cell("THRESH", 8) + "ANOMALIES");
        for (String name : submitted.keySet()) {
            lines.add(row(name, results.get(name)));
        }
        List<String> findings = new ArrayList<>();
        for (String name : submitted.keySet()) {
            JsonNode doc = results.get(name);
            JsonNode anomalies = doc == null ? null : doc.path("anomaly_analysis").path("anomalies");
            if (anomalies != null && anomalies.isArray()) {
                for (JsonNode anomaly : anomalies.values()) {
                    findings.add("  " + name + "  [" + Json.text(anomaly, "severity") + "] " + Json.text(anomaly, "type")
                            + ": " + Json.text(anomaly, "message"));
                }
                JsonNode recommendations = doc.path("anomaly_analysis").path("recommendations");
                if (!anomalies.isEmpty() && recommendations.isArray() && !recommendations.isEmpty()) {
                    findings.add("      → " + recommendations.get(0).asString());
                }
            }
            String reason = doc == null ? null : Json.text(doc, "status_reason");
            if (reason != null) {
                findings.add("  " + name + "  " + Json.text(doc, "status") + ": " + reason);
            }
        }
        if (!findings.isEmpty()) {
            lines.add("");
            lines.add("Findings");
            lines.addAll(findings);
        }
        lines.add("");
        lines.add("Full results: k6runner status TEST_ID   (ids: " + String.join(" ", submitted.values()) + ")");
        return lines;
    }

    private static String row(String name, JsonNode doc) {
        if (doc == null) {
            return Format.cell(name, 28) + "unknown";
        }
        JsonNode metrics = doc.path("metrics");
        JsonNode analysis = doc.path("anomaly_analysis");
        String status = Json.text(doc, "status");
        Boolean thresholds = Json.bool(doc.path("thresholds"), "passed");
        List<String> types = new ArrayList<>();
        analysis.path("anomalies").values().forEach(a -> types.add(Json.text(a, "type")));
        return Format.cell(name, 28) + Format.cell(status, 12)
                + Format.cell(ExitStatus.isTerminal(status) ? Integer.toString(ExitStatus.forResult(doc)) : null, 6)
                + Format.cell(Format.count(Json.integer(metrics, "total_requests")), 8)
                + Format.cell(Format.number(Json.number(metrics, "error_rate"), 2), 8)
                + Format.cell(Format.number(Json.number(metrics, "p95_response_time_ms"), 1), 9)
                + Format.cell(Format.number(Json.number(metrics, "throughput_rps"), 1), 8)
                + Format.cell(thresholds == null ? null : thresholds ? "pass" : "FAIL", 8)
                + (types.isEmpty() ? Format.orDash(Json.text(analysis, "severity")) : Json.text(analysis, "severity") + " " + types);
    }
}
