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

    /** The API port is the one published; actuator answers the health check on the management port, unpublished. */
    @ParameterizedTest
    @MethodSource("modules")
    void portsAndHealthCheckMatchTheServersPorts(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        int port = config.defaultPort();
        int management = config.defaultManagementPort();
        for (String name : compose.servicesOf(module)) {
            Map<String, Object> service = compose.service(name);
            assertThat(Compose.environment(service)).containsEntry("PORT", String.valueOf(port))
                    .containsEntry("MANAGEMENT_PORT", String.valueOf(management));
            assertThat(Compose.healthcheck(service)).contains("http://127.0.0.1:" + management + "/actuator/health/liveness");
            for (Object published : Yamls.list(service.get("ports"))) {
                assertThat(String.valueOf(published)).endsWith(":" + port).doesNotEndWith(":" + management);
            }
        }
    }

    /** docker compose interpolates the file with the shell's and .env's variables; these three have no default. */
    @Test
    void composeRefusesToStartWithoutTheAdminTokenAndThePasswords() {
        Map<String, String> all = Map.of("K6RUNNER_ADMIN_TOKEN", "t0ken", "POSTGRES_PASSWORD", "pw", "GRAFANA_ADMIN_PASSWORD", "gpw");
        assertThat(ComposeInterpolation.interpolate(compose.document(), Map.of()).errors()).hasSizeGreaterThanOrEqualTo(3);
        for (String required : all.keySet()) {
            Map<String, String> without = new java.util.HashMap<>(all);
            without.remove(required);
            assertThat(ComposeInterpolation.interpolate(compose.document(), without).errors())
                    .as("without " + required).isNotEmpty().allSatisfy(error -> assertThat(error).contains(required));
            without.put(required, "");
            assertThat(ComposeInterpolation.interpolate(compose.document(), without).errors()).as(required + " empty").isNotEmpty();
        }
        ComposeInterpolation.Result started = ComposeInterpolation.interpolate(compose.document(), all);
        assertThat(started.errors()).isEmpty();
        Compose interpolated = new Compose(started.document());
        assertThat(Compose.environment(interpolated.service("api-gateway"))).containsEntry("K6RUNNER_ADMIN_TOKEN", "t0ken")
                .containsEntry("DATABASE_URL", "postgres://k6runner:pw@postgres:5432/k6runner");
        assertThat(Compose.environment(interpolated.service("grafana"))).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "gpw");
        assertThat(Compose.environment(interpolated.service("postgres"))).containsEntry("POSTGRES_PASSWORD", "pw");
    }

    /** No secret has a default anywhere in the file: no ${…PASSWORD:-x}, ${…TOKEN-x}. */
    @Test
    void noSecretHasADefault() {
        assertThat(Repo.read("docker-compose.yml")).doesNotContainPattern("\\$\\{[A-Z_]*(PASSWORD|TOKEN|SECRET)[A-Z_]*:?-");
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
    void runnersConfineK6ByDefaultAndFailClosed() {
        for (String name : compose.servicesOf("runner-worker")) {
            Map<String, String> environment = Compose.environment(compose.service(name));
            assertThat(environment).as(name).containsEntry("K6RUNNER_RUNNER_CONFINEMENT_REQUIRED", "true")
                    .containsEntry("K6RUNNER_RUNNER_CONFINEMENT_MECHANISM", "separate-user")
                    .containsEntry("K6RUNNER_RUNNER_EGRESS_MODE", "cluster")
                    .containsEntry("EGRESS_FIREWALL", "install")
                    .containsKey("K6RUNNER_RUNNER_EGRESS_ALLOW");
        }
        List<String> ids = compose.servicesOf("runner-worker").stream().map(name -> String.valueOf(compose.service(name).get("hostname"))).distinct().toList();
        assertThat(ids).hasSize(2);
    }

    /**
     * The runner's JVM is root in its container with the capabilities separate-user needs and nothing else it keeps;
     * NET_ADMIN and SETPCAP are there for the entrypoint, which drops both (RunnerEntrypointTest proves it).
     */
    @Test
    void onlyTheRunnersHoldCapabilitiesAndOnlyThoseOfTheConfinement() {
        for (String name : compose.servicesOf("runner-worker")) {
            Map<String, Object> service = compose.service(name);
            assertThat(Yamls.list(service.get("cap_drop"))).containsExactly("ALL");
            assertThat(Yamls.list(service.get("cap_add"))).map(String::valueOf)
                    .containsExactlyInAnyOrderElementsOf(Containers.COMPOSE_RUNNER_CAPABILITIES);
            assertHardened(name, service);
        }
        for (String module : List.of("api-gateway", "analyzer-worker")) {
            for (String name : compose.servicesOf(module)) {
                Map<String, Object> service = compose.service(name);
                assertThat(Yamls.list(service.get("cap_drop"))).containsExactly("ALL");
                assertThat(service).as(name).doesNotContainKey("cap_add");
                assertHardened(name, service);
            }
        }
    }

    private static void assertHardened(String name, Map<String, Object> service) {
        assertThat(service.get("read_only")).as(name).isEqualTo(true);
        assertThat(Yamls.list(service.get("security_opt"))).as(name).containsExactly("no-new-privileges:true");
        assertThat(service).as(name).doesNotContainKeys("privileged", "pid", "ipc", "network_mode", "userns_mode", "devices");
    }

    /** k6 writes in size-limited tmpfs only: its run folders (0711), /tmp (0700); the results volume is 0700 (image). */
    @Test
    void runnersWriteOnlyToBoundedTmpfsAndTheResultsVolume() {
        for (String name : compose.servicesOf("runner-worker")) {
            Map<String, Object> service = compose.service(name);
            Map<String, String> environment = Compose.environment(service);
            Map<String, Map<String, String>> tmpfs = Compose.tmpfs(service);
            String work = environment.get("K6RUNNER_RUNNER_WORKDIR");
            assertThat(tmpfs).containsOnlyKeys("/tmp", work, Containers.ENTRYPOINT_SECRETS_DIR);
            assertThat(tmpfs.get(work)).containsEntry("mode", "0711");
            assertThat(tmpfs.get("/tmp")).containsEntry("mode", "0700");
            assertThat(tmpfs.get(Containers.ENTRYPOINT_SECRETS_DIR)).containsEntry("mode", "0700");
            tmpfs.forEach((path, options) -> assertThat(options).as(path).containsKey("size"));
            long perRun = Containers.bytes(environment.get("K6RUNNER_RUNNER_RESOURCES_MAXDISKWRITTEN"));
            assertThat(Containers.bytes(tmpfs.get(work).get("size")))
                    .as("every slot may write its max-disk-written").isGreaterThanOrEqualTo(perRun * Long.parseLong(environment.get("K6RUNNER_RUNNER_SLOTS")));
            assertThat(Compose.mounts(service)).containsOnly(Map.entry("k6-results", environment.get("K6_RESULTS_DIR")));
            assertThat(environment).containsKey("DATABASE_URL");
            assertThat(Containers.entrypointSecretNames()).as("the entrypoint moves DATABASE_URL into a root-only file").contains("DATABASE_URL");
        }
    }
}
