package dev.k6runner.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** Null-tolerant reads of the gateway's documents: a field the gateway left out is simply absent. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The parsed body, or a missing node when it is not JSON (an HTML error page of a proxy, say). */
    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    static String pretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (!present(value)) {
            return null;
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    static Double number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return present(value) && value.isNumber() ? value.doubleValue() : null;
    }

    static Long integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return present(value) && value.isNumber() ? value.longValue() : null;
    }

    static Boolean bool(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return present(value) && value.isBoolean() ? value.booleanValue() : null;
    }
}
