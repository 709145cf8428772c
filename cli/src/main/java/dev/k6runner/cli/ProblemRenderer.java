package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Turns a gateway error into lines a person can act on: the RFC 9457 title and detail, each
 * field error, and when to retry. Anything that is not a problem document (a proxy's HTML
 * page) is shown by its status and the start of its body.
 */
final class ProblemRenderer {

    private static final int MAX_RAW_BODY = 300;
    private static final List<String> FIELD_KEYS = List.of("field", "name", "pointer", "parameter", "param");
    private static final List<String> MESSAGE_KEYS = List.of("message", "reason", "detail", "defaultMessage", "error");

    private ProblemRenderer() {
    }

    static List<String> render(GatewayException failure) {
        ApiResponse response = failure.response();
        if (response == null) {
            return List.of("error: " + failure.getMessage());
        }
        return render(response);
    }

    static List<String> render(ApiResponse response) {
        List<String> lines = new ArrayList<>();
        JsonNode problem = response.json();
        String title = Json.text(problem, "title");
        String detail = Json.text(problem, "detail");
        if (title == null && detail == null) {
            String body = response.body().strip();
            lines.add("error: the gateway answered HTTP " + response.status()
                    + (body.isEmpty() ? "" : ": " + abbreviate(body)));
            return lines;
        }
        lines.add("error: HTTP " + response.status() + " " + (title == null ? "" : title).strip());
        if (detail != null && !detail.equals(title)) {
            lines.add("  " + detail);
        }
        for (JsonNode member : problem.values()) {
            if (member.isArray()) {
                member.values().forEach(item -> fieldError(item).ifPresent(lines::add));
            }
        }
        JsonNode fieldMap = problem.get("fields");
        if (Json.present(fieldMap) && fieldMap.isObject()) {
            for (Map.Entry<String, JsonNode> field : fieldMap.properties()) {
                lines.add("  - " + field.getKey() + ": " + field.getValue().asString());
            }
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null) {
            lines.add("  retry after " + retryAfter + " s");
        }
        return lines;
    }

    private static Optional<String> fieldError(JsonNode item) {
        if (!item.isObject()) {
            return item.isString() ? Optional.of("  - " + item.asString()) : Optional.empty();
        }
        String field = first(item, FIELD_KEYS);
        String message = first(item, MESSAGE_KEYS);
        if (message == null) {
            return Optional.empty();
        }
        if (field != null && field.startsWith("#/")) {
            field = field.substring(2).replace('/', '.');
        }
        return Optional.of("  - " + (field == null ? "" : field + ": ") + message);
    }

    private static String first(JsonNode item, List<String> keys) {
        for (String key : keys) {
            String value = Json.text(item, key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_RAW_BODY ? oneLine : oneLine.substring(0, MAX_RAW_BODY) + "…";
    }
}
