package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the deployment files rely on in each service's own configuration. */
class ServiceConfigurationTest {

    static List<String> modules() {
        return ServiceConfig.MODULES;
    }

    static final Map<String, Integer> PORTS = Map.of("api-gateway", 8080, "runner-worker", 8081, "analyzer-worker", 8082);
    static final Map<String, Integer> MANAGEMENT_PORTS = Map.of("api-gateway", 9080, "runner-worker", 9081, "analyzer-worker", 9082);

    @ParameterizedTest
    @MethodSource("modules")
    void nameAndPortAreTheConventionsAndThePortComesFromPORT(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        assertThat(service.applicationName()).isEqualTo(module);
        assertThat(service.defaultPort()).isEqualTo(PORTS.get(module));
        assertThat(String.valueOf(service.yaml().get("server.port"))).isEqualTo("${PORT:" + PORTS.get(module) + "}");
    }

    /** Actuator on a port of its own, from MANAGEMENT_PORT: never the API's, which clients and scripts reach. */
    @ParameterizedTest
    @MethodSource("modules")
    void actuatorIsOnAManagementPortOfItsOwnFromMANAGEMENT_PORT(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        assertThat(String.valueOf(service.yaml().get("management.server.port"))).isEqualTo("${MANAGEMENT_PORT:" + MANAGEMENT_PORTS.get(module) + "}");
        assertThat(service.defaultManagementPort()).isEqualTo(MANAGEMENT_PORTS.get(module)).isNotEqualTo(service.defaultPort());
        assertThat(service.reads("MANAGEMENT_PORT")).isTrue();
    }

    /** No default port of one service is another's, nor one compose publishes (Grafana, Prometheus) or Kafka's. */
    @org.junit.jupiter.api.Test
    void theDefaultPortsCollideWithNothing() {
        List<Integer> ports = new java.util.ArrayList<>();
        for (ServiceConfig service : ServiceConfig.all()) {
            ports.add(service.defaultPort());
            ports.add(service.defaultManagementPort());
        }
        assertThat(ports).doesNotHaveDuplicates().doesNotContain(3000, 9090, 9092, 9093, 5432);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void healthProbesAndPrometheusAreExposedOverHttp(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        var environment = service.environment();
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class, true)).isTrue();
        assertThat(Arrays.stream(environment.getProperty("management.endpoints.web.exposure.include", "").split(","))
                .map(String::trim)).contains("health", "prometheus");
        assertThat(environment.getProperty("management.endpoint.health.group.liveness.include")).contains("livenessState");
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include")).contains("readinessState");
        assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo(module);
        assertThat(environment.getProperty("spring.kafka.template.observation-enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("spring.kafka.listener.observation-enabled", Boolean.class)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void seedEnvironmentNamesAreMappedAndTheDatasourceUrlIsLeftToDatabaseUrl(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        assertThat(service.yaml()).doesNotContainKey("spring.datasource.url");
        assertThat(String.valueOf(service.yaml().get("spring.kafka.bootstrap-servers")))
                .isEqualTo("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}");
        assertThat(String.valueOf(service.yaml().get("logging.level.dev.k6runner"))).isEqualTo("${LOG_LEVEL:INFO}");
        assertThat(String.valueOf(service.yaml().get("spring.threads.virtual.enabled"))).isEqualTo("true");
        assertThat(ServiceConfig.platformEnvNames()).contains("DATABASE_URL");
        assertThat(service.reads("DATABASE_URL")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void logLinesCarryTheTraceAndTheRunId(String module) {
        String correlation = ServiceConfig.load(module).environment().getProperty("logging.pattern.correlation", "");
        assertThat(correlation).contains("%X{traceId", "%X{spanId", "%X{run_id");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void theServiceHasActuatorPrometheusAndThePlatform(String module) {
        String pom = Repo.read(module + "/pom.xml");
        assertThat(pom).contains("<artifactId>service-platform</artifactId>",
                "<artifactId>spring-boot-starter-actuator</artifactId>",
                "<artifactId>micrometer-registry-prometheus</artifactId>");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void relaxedNamesComeFromTheRecordsAndNothingElse(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        String own = switch (module) {
            case "api-gateway" -> "K6RUNNER_GATEWAY_AUTH_MODE";
            case "runner-worker" -> "K6RUNNER_RUNNER_CONFINEMENT_REQUIRED";
            default -> "K6RUNNER_ANALYZER_METRICS_MAXTESTNAMES";
        };
        assertThat(service.reads(own)).as(own).isTrue();
        assertThat(service.reads("K6RUNNER_KAFKA_PARTITIONS")).isTrue();
        assertThat(service.reads("MANAGEMENT_TRACING_SAMPLING_PROBABILITY")).isTrue();
        assertThat(service.reads("K6RUNNER_NO_SUCH_SETTING")).isFalse();
        assertThat(service.reads("KAFKA_BOOTSTRAP")).isFalse();
    }
}
