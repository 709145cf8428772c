package dev.k6runner.platform.kafka;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of the {@code common-model} events on Kafka. Values travel as plain JSON strings,
 * so a consumer decides the type and a message it cannot read is a clear poison message.
 */
public class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String encode(Object event) {
        return mapper.writeValueAsString(event);
    }

    /** @throws UnreadableEventException when the JSON does not describe a {@code type} */
    public <T> T decode(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new UnreadableEventException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static class UnreadableEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadableEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
