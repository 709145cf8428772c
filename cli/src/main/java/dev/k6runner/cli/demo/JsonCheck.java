package dev.k6runner.cli.demo;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Whether a POST body is JSON: the echo answers 201 with it, or 400. */
final class JsonCheck {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonCheck() {
    }

    static boolean isJson(byte[] body) {
        try {
            MAPPER.readTree(body);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }
}
