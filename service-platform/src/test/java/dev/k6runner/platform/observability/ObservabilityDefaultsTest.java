package dev.k6runner.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ObservabilityDefaultsTest {

    private final ObservabilityDefaultsEnvironmentPostProcessor processor = new ObservabilityDefaultsEnvironmentPostProcessor();

    @Test
    void everyServiceGetsKafkaObservationsProbesPrometheusAndTheApplicationTag() {
        StandardEnvironment environment = environmentWith(Map.of("spring.application.name", "runner-worker"));
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.kafka.template.observation-enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("spring.kafka.listener.observation-enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include")).isEqualTo("readinessState,db");
        assertThat(environment.getProperty("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
        assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("runner-worker");
        assertThat(environment.getProperty("logging.pattern.correlation")).contains("%X{run_id:-}", "%X{traceId:-}", "%X{spanId:-}");
    }

    @Test
    void aServiceOrAnOperatorOverridesEveryDefault() {
        StandardEnvironment environment = environmentWith(Map.of(
                "management.tracing.sampling.probability", "0.05",
                "management.endpoints.web.exposure.include", "health,prometheus,metrics"));
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.05");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,prometheus,metrics");
        assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("unknown");
    }

    @Test
    void theManagementServerBindsWhereTheApiBindsUnlessToldOtherwise() {
        StandardEnvironment unbound = environmentWith(Map.of());
        processor.postProcessEnvironment(unbound, new SpringApplication());
        assertThat(unbound.containsProperty("management.server.address")).isFalse();

        StandardEnvironment local = environmentWith(Map.of());
        processor.postProcessEnvironment(local, new SpringApplication());
        // added after the platform ran, as the gateway's bind policy does
        local.getPropertySources().addLast(new MapPropertySource("later", Map.of("server.address", "127.0.0.1")));
        assertThat(local.getProperty("management.server.address")).isEqualTo("127.0.0.1");

        StandardEnvironment explicit = environmentWith(Map.of("server.address", "127.0.0.1", "management.server.address", "10.0.0.5"));
        processor.postProcessEnvironment(explicit, new SpringApplication());
        assertThat(explicit.getProperty("management.server.address")).isEqualTo("10.0.0.5");
    }

    @Test
    void runningTwiceAddsTheDefaultsOnce() {
        StandardEnvironment environment = environmentWith(Map.of());
        processor.postProcessEnvironment(environment, new SpringApplication());
        processor.postProcessEnvironment(environment, new SpringApplication());
        long sources = environment.getPropertySources().stream()
                .filter(source -> source.getName().equals(ObservabilityDefaultsEnvironmentPostProcessor.SOURCE_NAME))
                .count();
        assertThat(sources).isEqualTo(1);
    }

    private static StandardEnvironment environmentWith(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return environment;
    }
}
