package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k6runner.deploychecks.Kubernetes.Manifest;

/** The Kustomize manifests against the services' real configuration, the images and the catalogue. */
class KubernetesTest {

    private final Kubernetes k8s = Kubernetes.load();

    static List<String> modules() {
        return ServiceConfig.MODULES;
    }

    @Test
    void everyManifestIsPartOfAKustomizationAndEveryResourceExists() {
        Set<String> listed = new TreeSet<>();
        List<String> kustomizations = Repo.filesUnder("k8s", "kustomization.yaml");
        assertThat(kustomizations).contains("k8s/base/kustomization.yaml");
        for (String file : kustomizations) {
            Path folder = Repo.path(file).getParent();
            for (Object resource : Yamls.list(Repo.yaml(file).get("resources"))) {
                Path target = folder.resolve(String.valueOf(resource)).normalize();
                assertThat(target).as(file + " lists " + resource).exists();
                listed.add(Repo.ROOT.relativize(target).toString().replace('\\', '/'));
            }
        }
        for (Manifest manifest : k8s.manifests()) {
            if (!manifest.kind().equals("Kustomization")) {
                assertThat(listed).as(manifest.file() + " is in no kustomization").contains(manifest.file());
            }
        }
    }

    @Test
    void theNamespaceIsDeclaredAndTheBaseUsesIt() {
        Manifest namespace = k8s.get("Namespace", "k6runner");
        assertThat(namespace.name()).isEqualTo(Repo.yaml("k8s/base/kustomization.yaml").get("namespace"));
    }

    @Test
    void secretsAreReferencedAndNeverGivenValues() {
        assertThat(k8s.ofKind("Secret")).isEmpty();
        for (Manifest manifest : k8s.manifests()) {
            assertThat(Repo.read(manifest.file())).doesNotContain("stringData").doesNotContain("kind: Secret");
        }
        for (Manifest workload : workloads()) {
            for (Map<String, Object> entry : Kubernetes.env(Kubernetes.container(workload))) {
                String name = String.valueOf(entry.get("name"));
                if (name.matches(".*(PASSWORD|TOKEN|API_KEY|SECRET).*") || name.equals("DATABASE_URL")) {
                    assertThat(entry).as(workload.name() + " " + name).doesNotContainKey("value");
                    assertThat(Yamls.map(entry, "valueFrom")).as(workload.name() + " " + name).containsKey("secretKeyRef");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void deploymentsRunTheModulesImageOnItsPortWithTheProjectVersion(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        Manifest deployment = k8s.get("Deployment", module);
        Map<String, Object> container = Kubernetes.container(deployment);
        assertThat(container.get("image")).isEqualTo("k6runner/" + module);
        List<Map<String, Object>> images = Yamls.maps(Repo.yaml("k8s/base/kustomization.yaml").get("images"));
        assertThat(images).filteredOn(image -> ("k6runner/" + module).equals(image.get("name")))
                .singleElement().satisfies(image -> assertThat(image.get("newTag")).isEqualTo(Repo.projectVersion()));
        int port = config.defaultPort();
        assertThat(Yamls.maps(container.get("ports"))).extracting(p -> p.get("containerPort")).containsExactly(port);
        assertThat(Kubernetes.envValue(container, "PORT")).contains(String.valueOf(port));
        Map<String, Object> annotations = Yamls.map(deployment.object(), "spec", "template", "metadata", "annotations");
        assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
    }

    /** The JVM options the gateway's harness measured with (docs/gateway.md), as the images set them. */
    @ParameterizedTest
    @MethodSource("modules")
    void podsRunTheJvmWithTheImagesOptions(String module) {
        Map<String, Object> container = Kubernetes.container(k8s.get("Deployment", module));
        assertThat(Kubernetes.envValue(container, "JAVA_TOOL_OPTIONS").orElse(""))
                .contains("-XX:+UseCompactObjectHeaders", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void probesUseTheActuatorHealthGroupsOnTheServicesPort(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        assertThat(config.environment().getProperty("management.endpoint.health.probes.enabled", Boolean.class, true)).isTrue();
        Map<String, Object> container = Kubernetes.container(k8s.get("Deployment", module));
        assertThat(Yamls.string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(Yamls.string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Object port = Yamls.map(container, probe, "httpGet").get("port");
            if (port != null) {
                Object resolved = Yamls.maps(container.get("ports")).stream().filter(p -> port.equals(p.get("name")))
                        .map(p -> p.get("containerPort")).findFirst().orElse(port);
                assertThat(resolved).as(module + " " + probe).isEqualTo(config.defaultPort());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyEnvironmentNameIsOneTheServiceReadsAndEveryConfigMapKeyExists(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        Map<String, Object> configMaps = new java.util.HashMap<>();
        k8s.ofKind("ConfigMap").forEach(map -> configMaps.put(map.name(), Yamls.map(map.object().get("data"))));
        for (Map<String, Object> entry : Kubernetes.env(Kubernetes.container(k8s.get("Deployment", module)))) {
            String name = String.valueOf(entry.get("name"));
            assertThat(config.reads(name)).as(module + " never reads " + name).isTrue();
            Map<String, Object> configMapRef = Yamls.map(Yamls.map(entry.get("valueFrom")).get("configMapKeyRef"));
            if (!configMapRef.isEmpty()) {
                assertThat(Yamls.map(configMaps.get(String.valueOf(configMapRef.get("name")))))
                        .as(module + " " + name).containsKey(String.valueOf(configMapRef.get("key")));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void resourcesAndADisruptionBudgetForEveryService(String module) {
        Manifest deployment = k8s.get("Deployment", module);
        Map<String, Object> resources = Yamls.map(Kubernetes.container(deployment).get("resources"));
        assertThat(Yamls.map(resources, "requests")).containsKeys("cpu", "memory");
        assertThat(Yamls.map(resources, "limits")).containsKey("memory");
        Map<String, Object> labels = Yamls.map(deployment.object(), "spec", "template", "metadata", "labels");
        List<Manifest> budgets = k8s.ofKind("PodDisruptionBudget").stream()
                .filter(pdb -> labels.entrySet().containsAll(Yamls.map(pdb.object(), "spec", "selector", "matchLabels").entrySet()))
                .toList();
        assertThat(budgets).as("a PodDisruptionBudget selecting " + module).hasSize(1);
        assertThat(Yamls.map(deployment.object(), "spec", "selector", "matchLabels").entrySet()).isSubsetOf(labels.entrySet());
    }

    @Test
    void runnerPodsConfineK6WithOnlyAnEmptyDirWritable() {
        Manifest runner = k8s.get("Deployment", "runner-worker");
        Map<String, Object> pod = Kubernetes.podSpec(runner);
        Map<String, Object> container = Kubernetes.container(runner);
        assertThat(Yamls.map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat((Integer) Yamls.map(pod, "securityContext").get("runAsUser")).isPositive();
        Map<String, Object> security = Yamls.map(container, "securityContext");
        assertThat(security).containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false);
        assertThat(Yamls.list(Yamls.map(security, "capabilities").get("drop"))).containsExactly("ALL");
        assertThat(security).doesNotContainKey("privileged");

        List<Map<String, Object>> volumes = Yamls.maps(pod.get("volumes"));
        assertThat(volumes).isNotEmpty().allSatisfy(volume -> assertThat(volume).containsKey("emptyDir"));
        List<String> writable = Yamls.maps(container.get("volumeMounts")).stream().map(m -> String.valueOf(m.get("mountPath"))).toList();
        String javaOptions = Kubernetes.envValue(container, "JAVA_TOOL_OPTIONS").orElse("");
        List<String> written = new ArrayList<>(List.of(
                Kubernetes.envValue(container, "K6_RESULTS_DIR").orElseThrow(),
                Kubernetes.envValue(container, "K6RUNNER_RUNNER_WORKDIR").orElseThrow()));
        assertThat(javaOptions).contains("-Djava.io.tmpdir=");
        written.add(javaOptions.replaceAll(".*-Djava.io.tmpdir=(\\S+).*", "$1"));
        for (String path : written) {
            assertThat(writable).as(path + " is on a writable mount").anyMatch(mount -> path.equals(mount) || path.startsWith(mount + "/"));
        }
        assertThat(Kubernetes.envValue(container, "K6RUNNER_RUNNER_CONFINEMENT_REQUIRED")).contains("false");
    }

    @Test
    void everyPodRunsAsNonRootWithoutPrivilegeEscalation() {
        for (Manifest workload : workloads()) {
            assertThat(Yamls.map(Kubernetes.podSpec(workload), "securityContext")).as(workload.name()).containsEntry("runAsNonRoot", true);
            Map<String, Object> security = Yamls.map(Kubernetes.container(workload), "securityContext");
            assertThat(security).as(workload.name()).containsEntry("allowPrivilegeEscalation", false);
            assertThat(Yamls.list(Yamls.map(security, "capabilities").get("drop"))).as(workload.name()).contains("ALL");
        }
    }

    @Test
    void runnersScaleOnSlotDemandFromCatalogueMetrics() {
        Manifest scaler = k8s.get("ScaledObject", "runner-worker");
        assertThat(Yamls.map(scaler.object(), "spec", "scaleTargetRef"))
                .containsEntry("kind", "Deployment").containsEntry("name", k8s.get("Deployment", "runner-worker").name());
        Map<String, Object> trigger = Yamls.maps(Yamls.map(scaler.object(), "spec").get("triggers")).getFirst();
        assertThat(trigger.get("type")).isEqualTo("prometheus");
        String query = Yamls.string(trigger, "metadata", "query");
        MetricsCatalog catalog = MetricsCatalog.load();
        assertThat(MetricsCatalog.seriesNamedIn(query)).isNotEmpty().allSatisfy(name -> assertThat(catalog.owner(name)).isEqualTo(name));
        assertThat(query).contains("k6runner_queue_depth");
        String slots = Kubernetes.envValue(Kubernetes.container(k8s.get("Deployment", "runner-worker")), "K6RUNNER_RUNNER_SLOTS").orElseThrow();
        assertThat(Yamls.string(trigger, "metadata", "threshold")).as("threshold = slots per runner").isEqualTo(slots);
        int min = (Integer) Yamls.map(scaler.object(), "spec").get("minReplicaCount");
        assertThat((Integer) Yamls.map(scaler.object(), "spec").get("maxReplicaCount")).isGreaterThan(min);
        assertThat(min).isPositive();
    }

    @Test
    void theRunnerPodOutlivesItsGracefulShutdown() {
        Manifest runner = k8s.get("Deployment", "runner-worker");
        Map<String, Object> container = Kubernetes.container(runner);
        long grace = ((Number) Kubernetes.podSpec(runner).get("terminationGracePeriodSeconds")).longValue();
        long shutdown = java.time.Duration.parse("PT" + Kubernetes.envValue(container, "K6RUNNER_RUNNER_SHUTDOWNGRACEPERIOD").orElseThrow().toUpperCase()).toSeconds();
        long phase = java.time.Duration.parse("PT" + Kubernetes.envValue(container, "K6RUNNER_RUNNER_SHUTDOWN_PHASE_TIMEOUT").orElseThrow().toUpperCase()).toSeconds();
        assertThat(phase).isGreaterThan(shutdown);
        assertThat(grace).isGreaterThan(phase);
    }

    @Test
    void inClusterKafkaHasShareGroupsAndIsWhereTheConfigPoints() {
        Map<String, Object> kafka = Kubernetes.container(k8s.get("StatefulSet", "kafka"));
        assertThat(Kubernetes.envValue(kafka, "KAFKA_PROCESS_ROLES")).contains("broker,controller");
        assertThat(Kubernetes.envValue(kafka, "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")).contains("1");
        assertThat(Kubernetes.envValue(kafka, "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")).contains("1");
        assertThat(Kubernetes.envValue(kafka, "KAFKA_GROUP_SHARE_DELIVERY_COUNT_LIMIT")).isPresent();
        String bootstrap = String.valueOf(Yamls.map(k8s.get("ConfigMap", "k6runner-config").object(), "data").get("KAFKA_BOOTSTRAP_SERVERS"));
        String[] hostPort = bootstrap.split(":");
        Manifest service = k8s.get("Service", hostPort[0]);
        assertThat(Yamls.maps(Yamls.map(service.object(), "spec").get("ports"))).extracting(p -> p.get("port")).contains(Integer.parseInt(hostPort[1]));
        Map<String, Object> postgres = Kubernetes.container(k8s.get("StatefulSet", "postgres"));
        assertThat(Kubernetes.env(postgres)).filteredOn(e -> "POSTGRES_PASSWORD".equals(e.get("name")))
                .singleElement().satisfies(e -> assertThat(Yamls.map(e, "valueFrom")).containsKey("secretKeyRef"));
    }

    @Test
    void configMapKeysAreEnvironmentNamesTheServicesRead() {
        Map<String, Object> data = Yamls.map(k8s.get("ConfigMap", "k6runner-config").object(), "data");
        for (String key : data.keySet()) {
            assertThat(ServiceConfig.all()).as(key).anyMatch(service -> service.reads(key));
        }
    }

    private List<Manifest> workloads() {
        List<Manifest> workloads = new ArrayList<>(k8s.ofKind("Deployment"));
        workloads.addAll(k8s.ofKind("StatefulSet"));
        return workloads;
    }
}
