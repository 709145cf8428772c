package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The {@code stats} view: totals, severities, anomaly types and one line per day. */
final class StatisticsRenderer {

    private StatisticsRenderer() {
    }

    static List<String> render(JsonNode stats) {
        List<String> lines = new ArrayList<>();
        lines.add("Last " + Format.count(Json.integer(stats, "period_days")) + " days: "
                + Format.count(Json.integer(stats, "total_tests")) + " tests, "
                + Format.count(Json.integer(stats, "completed_tests")) + " completed, "
                + Format.count(Json.integer(stats, "failed_tests")) + " failed, "
                + Format.count(Json.integer(stats, "tests_with_anomalies")) + " with anomalies (anomaly rate "
                + Format.percent(Json.number(stats, "anomaly_rate")) + " of completed)");
        counts("Severity", stats.path("severity_breakdown"), lines);
        counts("Anomaly types", stats.path("anomaly_types"), lines);
        JsonNode daily = stats.path("daily");
        if (daily.isArray() && !daily.isEmpty()) {
            lines.add("");
            lines.add(Format.cell("DATE", 12) + Format.cell("TESTS", 8) + Format.cell("ANOMALIES", 11)
                    + Format.cell("AVG P95 MS", 12) + "AVG ERR%");
            for (JsonNode day : daily.values()) {
                lines.add(Format.cell(Json.text(day, "date"), 12)
                        + Format.cell(Format.count(Json.integer(day, "tests")), 8)
                        + Format.cell(Format.count(Json.integer(day, "anomalies")), 11)
                        + Format.cell(Format.number(Json.number(day, "avg_p95_response_time_ms"), 1), 12)
                        + Format.number(Json.number(day, "avg_error_rate"), 2));
            }
        }
        return lines;
    }

    private static void counts(String title, JsonNode counts, List<String> lines) {
        if (!counts.isObject() || counts.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(title).append(":");
        for (Map.Entry<String, JsonNode> entry : counts.properties()) {
            line.append(" ").append(entry.getKey()).append(" ").append(entry.getValue().asString());
        }
        lines.add(line.toString());
    }
}
