package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The readable end-of-run summary: what happened, key metrics, thresholds, anomalies, advice. */
final class ResultRenderer {

    private static final int CONSOLE_LINES = 15;

    private ResultRenderer() {
    }

    static List<String> render(JsonNode doc) {
        List<String> lines = new ArrayList<>();
        headline(doc, lines);
        JsonNode metrics = doc.path("metrics");
        if (Json.present(metrics) && metrics.isObject() && !metrics.isEmpty()) {
            metrics(metrics, lines);
        }
        thresholds(doc.path("thresholds"), lines);
        AnomalyRenderer.render(doc.path("anomaly_analysis"), lines);
        console(doc, lines);
        lines.add("");
        lines.add("exit status " + ExitStatus.forResult(doc) + " (" + verdict(doc) + ")");
        return lines;
    }

    private static void headline(JsonNode doc, List<String> lines) {
        lines.add("Run " + Json.text(doc, "test_id") + " \"" + Format.orDash(Json.text(doc, "name")) + "\": "
                + Json.text(doc, "status"));
        String reason = Json.text(doc, "status_reason");
        if (reason != null) {
            lines.add("  reason     " + reason);
        }
        lines.add("  submitted  " + Format.orDash(Json.text(doc, "submitted_at"))
                + "   started " + Format.orDash(Json.text(doc, "started_at"))
                + "   finished " + Format.orDash(Json.text(doc, "finished_at")));
        JsonNode runner = doc.path("runner");
        if (Json.present(runner) && runner.isObject()) {
            lines.add("  runner     " + Format.orDash(Json.text(runner, "host")) + " (k6 "
                    + Format.orDash(Json.text(runner, "k6_version")) + ")   k6 exit code "
                    + Format.count(Json.integer(doc, "k6_exit_code")));
        }
    }

    private static void metrics(JsonNode m, List<String> lines) {
        lines.add("");
        lines.add("Metrics");
        lines.add("  requests       " + Format.count(Json.integer(m, "total_requests")) + " total, "
                + Format.count(Json.integer(m, "failed_requests")) + " failed, error rate "
                + Format.percent(Json.number(m, "error_rate")) + ", "
                + Format.number(Json.number(m, "throughput_rps"), 1) + " req/s");
        lines.add("  response time  avg " + Format.ms(Json.number(m, "avg_response_time_ms"))
                + "  med " + Format.ms(Json.number(m, "med_response_time_ms"))
                + "  p90 " + Format.ms(Json.number(m, "p90_response_time_ms"))
                + "  p95 " + Format.ms(Json.number(m, "p95_response_time_ms"))
                + "  p99 " + Format.ms(Json.number(m, "p99_response_time_ms"))
                + "  max " + Format.ms(Json.number(m, "max_response_time_ms")));
        lines.add("  load           " + Format.count(Json.integer(m, "vus_max")) + " VUs max, "
                + Format.count(Json.integer(m, "iterations")) + " iterations ("
                + Format.count(Json.integer(m, "dropped_iterations")) + " dropped) in "
                + Format.seconds(Json.number(m, "duration_seconds")));
        lines.add("  checks         " + Format.count(Json.integer(m, "checks_passed")) + " passed, "
                + Format.count(Json.integer(m, "checks_failed")) + " failed");
        lines.add("  data           " + Format.bytes(Json.integer(m, "data_received_bytes")) + " received, "
                + Format.bytes(Json.integer(m, "data_sent_bytes")) + " sent");
    }

    private static void thresholds(JsonNode thresholds, List<String> lines) {
        if (!Json.present(thresholds) || !thresholds.isObject()) {
            return;
        }
        JsonNode results = thresholds.path("results");
        Boolean passed = Json.bool(thresholds, "passed");
        lines.add("");
        lines.add("Thresholds: " + (passed == null ? "-" : passed ? "passed" : "FAILED"));
        if (results.isArray()) {
            for (JsonNode result : results.values()) {
                boolean ok = Boolean.TRUE.equals(Json.bool(result, "passed"));
                lines.add("  " + (ok ? "pass " : "FAIL ") + Json.text(result, "metric") + " " + Json.text(result, "expression"));
            }
        }
    }

    private static void console(JsonNode doc, List<String> lines) {
        String status = Json.text(doc, "status");
        String console = Json.text(doc, "console_output");
        if (console == null || console.isBlank() || "completed".equals(status)) {
            return;
        }
        String[] all = console.strip().split("\\R");
        lines.add("");
        lines.add("k6 console (last " + Math.min(CONSOLE_LINES, all.length) + " lines)");
        for (int i = Math.max(0, all.length - CONSOLE_LINES); i < all.length; i++) {
            lines.add("  " + all[i]);
        }
    }

    static String verdict(JsonNode doc) {
        return switch (ExitStatus.forResult(doc)) {
            case ExitStatus.OK -> ExitStatus.isTerminal(Json.text(doc, "status")) ? "passed" : "still " + Json.text(doc, "status");
            case ExitStatus.THRESHOLDS_FAILED -> "thresholds failed";
            case ExitStatus.CANCELLED -> "cancelled";
            case ExitStatus.TIMED_OUT -> "timed out";
            case ExitStatus.INTERRUPTED -> "interrupted: its runner vanished; submit it again";
            default -> "failed";
        };
    }
}
