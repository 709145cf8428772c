package dev.k6runner.analyzer.analysis;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import dev.k6runner.model.Severity;

/** The JSON of the stored documents: snake_case names and lower-case severities, as the contract has them. */
public final class AnalysisJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("severity")
                    .addSerializer(Severity.class, new SeveritySerializer())
                    .addDeserializer(Severity.class, new SeverityDeserializer()))
            .build();

    private AnalysisJson() {
    }

    public static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }

    private static final class SeveritySerializer extends ValueSerializer<Severity> {
        @Override
        public void serialize(Severity value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(value.wireName());
        }
    }

    private static final class SeverityDeserializer extends ValueDeserializer<Severity> {
        @Override
        public Severity deserialize(JsonParser parser, DeserializationContext context) {
            return Severity.fromWire(parser.getValueAsString());
        }
    }
}
