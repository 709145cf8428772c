package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The {@code health} view: the overall status, each dependency, and the runner fleet. */
final class HealthRenderer {

    private HealthRenderer() {
    }

    static List<String> render(JsonNode health) {
        List<String> lines = new ArrayList<>();
        lines.add("status    " + Format.orDash(Json.text(health, "status")));
        lines.add("database  " + Format.orDash(Json.text(health.path("database"), "status")));
        lines.add("kafka     " + Format.orDash(Json.text(health.path("kafka"), "status")));
        JsonNode k6 = health.path("k6");
        Boolean available = Json.bool(k6, "available");
        lines.add("k6        " + (available == null ? Format.NONE : available ? "available" : "NOT available")
                + (k6.path("versions").isArray() ? " " + k6.path("versions").toString() : ""));
        JsonNode runners = health.path("runners");
        if (!runners.isArray() || runners.isEmpty()) {
            lines.add("runners   none alive");
            return lines;
        }
        lines.add("runners   " + runners.size());
        for (JsonNode runner : runners.values()) {
            lines.add("  " + Format.cell(Json.text(runner, "id"), 28) + Format.cell(Json.text(runner, "host"), 20)
                    + "k6 " + Format.cell(Json.text(runner, "k6_version"), 10)
                    + Format.count(Json.integer(runner, "busy")) + "/" + Format.count(Json.integer(runner, "capacity"))
                    + " slots busy   last heartbeat " + Format.orDash(Json.text(runner, "last_heartbeat")));
        }
        return lines;
    }

    static boolean up(JsonNode health) {
        return "UP".equalsIgnoreCase(Json.text(health, "status"));
    }
}
