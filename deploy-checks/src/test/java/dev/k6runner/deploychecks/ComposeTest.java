package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml against the services' real configuration and the images. */
class ComposeTest {

    private final Compose compose = Compose.load();

    static List<String> modules() {
        return ServiceConfig.MODULES;
    }

    @Test
    void theStackHasKafkaPostgresTheGatewayTwoRunnersTheAnalyzerPrometheusAndGrafana() {
        assertThat(compose.services()).containsKeys("kafka", "postgres", "prometheus", "grafana");
        assertThat(compose.servicesOf("api-gateway")).hasSize(1);
        assertThat(compose.servicesOf("runner-worker")).hasSize(2);
        assertThat(compose.servicesOf("analyzer-worker")).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void imagesAreBuiltFromTheModulesDockerfileAndTaggedWithTheProjectVersion(String module) {
        for (String name : compose.servicesOf(module)) {
            Map<String, Object> service = compose.service(name);
            assertThat(service.get("image")).isEqualTo("k6runner/" + module + ":" + Repo.projectVersion());
            assertThat(Yamls.string(service, "build", "context")).isEqualTo(".");
            assertThat(Yamls.string(service, "build", "dockerfile")).isEqualTo(module + "/Dockerfile");
            assertThat(Repo.path(module + "/Dockerfile")).isRegularFile();
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyEnvironmentNameIsOneTheServiceReads(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        for (String name : compose.servicesOf(module)) {
            Map<String, String> environment = Compose.environment(compose.service(name));
            assertThat(environment).isNotEmpty();
            environment.keySet().forEach(env -> assertThat(config.reads(env)).as(name + " sets " + env + ", which " + module + " never reads").isTrue());
            assertThat(environment).containsKeys("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "LOG_LEVEL", "PORT");
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void portAndHealthCheckMatchTheServersPort(String module) {
        int port = ServiceConfig.load(module).defaultPort();
        for (String name : compose.servicesOf(module)) {
            Map<String, Object> service = compose.service(name);
            assertThat(Compose.environment(service)).containsEntry("PORT", String.valueOf(port));
            assertThat(Compose.healthcheck(service)).contains("http://127.0.0.1:" + port + "/actuator/health/liveness");
            for (Object published : Yamls.list(service.get("ports"))) {
                assertThat(String.valueOf(published)).endsWith(":" + port);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void servicesStartAfterKafkaAndPostgresAreHealthyAndReachThem(String module) {
        for (String name : compose.servicesOf(module)) {
            Map<String, Object> service = compose.service(name);
            Map<String, Object> dependsOn = Yamls.map(service.get("depends_on"));
            for (String infrastructure : List.of("kafka", "postgres")) {
                assertThat(Yamls.string(dependsOn, infrastructure, "condition")).isEqualTo("service_healthy");
                assertThat(compose.service(infrastructure)).containsKey("healthcheck");
            }
            Map<String, String> environment = Compose.environment(service);
            assertThat(Compose.environment(compose.service("kafka")).get("KAFKA_ADVERTISED_LISTENERS"))
                    .contains("://" + environment.get("KAFKA_BOOTSTRAP_SERVERS"));
            URI database = URI.create(environment.get("DATABASE_URL").replaceAll("\\$\\{[^}]*}", "x"));
            Map<String, String> postgres = Compose.environment(compose.service("postgres"));
            assertThat(database.getScheme()).isEqualTo("postgres");
            assertThat(database.getHost()).isEqualTo("postgres");
            assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
            assertThat(database.getUserInfo()).startsWith(postgres.get("POSTGRES_USER") + ":");
        }
    }

    @Test
    void kafkaIsASingleKraftNodeWithShareGroupsConfigured() {
        Map<String, Object> kafka = compose.service("kafka");
        assertThat(String.valueOf(kafka.get("image"))).matches("apache/kafka:\\d+\\.\\d+\\.\\d+");
        Map<String, String> environment = Compose.environment(kafka);
        assertThat(environment.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(environment).containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        assertThat(Integer.parseInt(environment.get("KAFKA_GROUP_SHARE_DELIVERY_COUNT_LIMIT"))).isBetween(2, 10);
        assertThat(Compose.mounts(kafka)).containsValue(environment.get("KAFKA_LOG_DIRS"));
    }

    @Test
    void postgresKeepsItsDataInAVolume() {
        Map<String, String> mounts = Compose.mounts(compose.service("postgres"));
        assertThat(mounts).containsValue("/var/lib/postgresql/data");
        String volume = mounts.entrySet().stream().filter(e -> e.getValue().equals("/var/lib/postgresql/data")).findFirst().orElseThrow().getKey();
        assertThat(Yamls.map(compose.document().get("volumes"))).containsKey(volume);
    }

    @Test
    void secretsComeFromTheOperatorsEnvironmentNotFromThisFile() {
        compose.services().forEach((name, service) -> Compose.environment(Yamls.map(service)).forEach((env, value) -> {
            if (env.matches(".*(PASSWORD|TOKEN|API_KEY|SECRET).*") || env.equals("DATABASE_URL")) {
                assertThat(value).as(name + " " + env).contains("${");
            }
        }));
    }

    @Test
    void runnersAreConfinedAndWriteOnlyToTheirVolumes() {
        ServiceConfig runner = ServiceConfig.load("runner-worker");
        for (String name : compose.servicesOf("runner-worker")) {
            Map<String, Object> service = compose.service(name);
            assertThat(service.get("read_only")).isEqualTo(true);
            assertThat(Yamls.list(service.get("cap_drop"))).contains("ALL");
            assertThat(Yamls.list(service.get("security_opt"))).contains("no-new-privileges:true");
            Map<String, String> environment = Compose.environment(service);
            assertThat(runner.reads("K6RUNNER_RUNNER_WORKDIR")).isTrue();
            assertThat(Compose.mounts(service).values()).contains(environment.get("K6_RESULTS_DIR"), environment.get("K6RUNNER_RUNNER_WORKDIR"));
        }
        List<String> ids = compose.servicesOf("runner-worker").stream().map(name -> String.valueOf(compose.service(name).get("hostname"))).distinct().toList();
        assertThat(ids).hasSize(2);
    }
}
