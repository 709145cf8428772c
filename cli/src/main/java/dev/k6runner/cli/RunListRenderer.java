package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The table of {@code history} and {@code search}: one run per line, newest first. */
final class RunListRenderer {

    private RunListRenderer() {
    }

    static List<String> render(JsonNode page, String commandForNextPage) {
        List<String> lines = new ArrayList<>();
        JsonNode tests = page.path("tests");
        if (!tests.isArray() || tests.isEmpty()) {
            lines.add("no runs");
        } else {
            lines.add(header());
            tests.values().forEach(test -> lines.add(row(test)));
        }
        String next = Json.text(page, "next_cursor");
        if (next != null) {
            lines.add("");
            lines.add("more: " + commandForNextPage + " --cursor " + next);
        }
        return lines;
    }

    private static String header() {
        return Format.cell("TEST ID", 37) + Format.cell("NAME", 22) + Format.cell("STATUS", 12)
                + Format.cell("SUBMITTED", 21) + Format.cell("REQS", 9) + Format.cell("ERR%", 8)
                + Format.cell("P95 MS", 10) + Format.cell("RPS", 9) + "ANOMALIES";
    }

    private static String row(JsonNode test) {
        Boolean anomalies = Json.bool(test, "has_anomalies");
        String severity = Json.text(test, "severity");
        return Format.cell(Json.text(test, "test_id"), 37)
                + Format.cell(Json.text(test, "name"), 22)
                + Format.cell(Json.text(test, "status"), 12)
                + Format.cell(shortTime(Json.text(test, "submitted_at")), 21)
                + Format.cell(Format.count(Json.integer(test, "total_requests")), 9)
                + Format.cell(Format.number(Json.number(test, "error_rate"), 2), 8)
                + Format.cell(Format.number(Json.number(test, "p95_response_time_ms"), 1), 10)
                + Format.cell(Format.number(Json.number(test, "throughput_rps"), 1), 9)
                + (anomalies == null ? Format.NONE : anomalies ? "yes (" + Format.orDash(severity) + ")" : "no");
    }

    /** Seconds are enough in a table: {@code 2026-11-24T10:01:02Z}. */
    static String shortTime(String iso) {
        if (iso == null) {
            return null;
        }
        int dot = iso.indexOf('.');
        return dot > 0 ? iso.substring(0, dot) + "Z" : iso;
    }
}
