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

    /** The API port (none on the runner, which has no API) and the management port, which probes and scrapes use. */
    @ParameterizedTest
    @MethodSource("modules")
    void deploymentsRunTheModulesImageOnItsPortsWithTheProjectVersion(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        Manifest deployment = k8s.get("Deployment", module);
        Map<String, Object> container = Kubernetes.container(deployment);
        assertThat(container.get("image")).isEqualTo("k6runner/" + module);
        List<Map<String, Object>> images = Yamls.maps(Repo.yaml("k8s/base/kustomization.yaml").get("images"));
        assertThat(images).filteredOn(image -> ("k6runner/" + module).equals(image.get("name")))
                .singleElement().satisfies(image -> assertThat(image.get("newTag")).isEqualTo(Repo.projectVersion()));
        int port = config.defaultPort();
        int management = config.defaultManagementPort();
        List<Object> ports = Yamls.maps(container.get("ports")).stream().map(p -> p.get("containerPort")).toList();
        assertThat(ports).isEqualTo(module.equals("runner-worker") ? List.of(management) : List.of(port, management));
        assertThat(Kubernetes.envValue(container, "PORT")).contains(String.valueOf(port));
        assertThat(Kubernetes.envValue(container, "MANAGEMENT_PORT")).contains(String.valueOf(management));
        Map<String, Object> annotations = Yamls.map(deployment.object(), "spec", "template", "metadata", "annotations");
        assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(management))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
    }

    /** Services route to API ports only: actuator stays inside the cluster's pod network, for probes and Prometheus. */
    @Test
    void noServiceRoutesToAManagementPort() {
        for (Manifest service : k8s.ofKind("Service")) {
            for (Map<String, Object> port : Yamls.maps(Yamls.map(service.object(), "spec").get("ports"))) {
                assertThat(String.valueOf(port.get("targetPort"))).as(service.name()).isNotEqualTo("management");
                for (ServiceConfig config : ServiceConfig.all()) {
                    assertThat(port.get("port")).as(service.name()).isNotEqualTo(config.defaultManagementPort());
                }
            }
        }
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
    void probesUseTheActuatorHealthGroupsOnTheManagementPort(String module) {
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
                assertThat(resolved).as(module + " " + probe).isEqualTo(config.defaultManagementPort());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyEnvironmentNameIsOneTheServiceReadsAndEveryConfigMapKeyExists(String module) {
        ServiceConfig config = ServiceConfig.load(module);
        Map<String, Object> configMaps = new java.util.HashMap<>();
        k8s.ofKind("ConfigMap").forEach(map -> configMaps.put(map.name(), Yamls.map(map.object().get("data"))));
        Manifest deployment = k8s.get("Deployment", module);
        List<Map<String, Object>> env = new ArrayList<>(Kubernetes.env(Kubernetes.container(deployment)));
        Kubernetes.initContainers(deployment).forEach(init -> env.addAll(Kubernetes.env(init)));
        for (Map<String, Object> entry : env) {
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

    /** Confined by default and fail closed: separate-user, cluster egress, the firewall verified before the JVM starts. */
    @Test
    void runnerPodsConfineK6ByDefaultAndFailClosed() {
        Manifest runner = k8s.get("Deployment", "runner-worker");
        Map<String, Object> container = Kubernetes.container(runner);
        assertThat(Kubernetes.envValue(container, "K6RUNNER_RUNNER_CONFINEMENT_REQUIRED")).contains("true");
        assertThat(Kubernetes.envValue(container, "K6RUNNER_RUNNER_CONFINEMENT_MECHANISM")).contains("separate-user");
        assertThat(Kubernetes.envValue(container, "K6RUNNER_RUNNER_EGRESS_MODE")).contains("cluster");
        assertThat(Kubernetes.envValue(container, "EGRESS_FIREWALL")).contains("verify");
        Map<String, Object> security = Yamls.map(container, "securityContext");
        assertThat(security).containsEntry("runAsUser", 0).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false).doesNotContainKeys("privileged", "procMount");
        assertThat(Yamls.list(Yamls.map(security, "capabilities").get("drop"))).containsExactly("ALL");
        assertThat(Yamls.list(Yamls.map(security, "capabilities").get("add"))).map(String::valueOf)
                .containsExactlyInAnyOrderElementsOf(Containers.RUNNER_CAPABILITIES);
        Map<String, Object> pod = Kubernetes.podSpec(runner);
        assertThat(pod).containsEntry("automountServiceAccountToken", false).containsEntry("enableServiceLinks", false)
                .doesNotContainKeys("hostNetwork", "hostPID", "hostIPC", "hostUsers");
        assertThat(Yamls.string(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    }

    /** The init container installs k6's egress firewall with NET_ADMIN alone, from the image's own script. */
    @Test
    void theRunnersInitContainerInstallsTheEgressFirewallWithNetAdminAlone() {
        Manifest runner = k8s.get("Deployment", "runner-worker");
        Map<String, Object> container = Kubernetes.container(runner);
        List<Map<String, Object>> inits = Kubernetes.initContainers(runner);
        assertThat(inits).hasSize(1);
        Map<String, Object> init = inits.getFirst();
        assertThat(init.get("image")).isEqualTo(container.get("image"));
        assertThat(Yamls.list(init.get("command"))).containsExactly("/usr/local/bin/" + Repo.path(Containers.FIREWALL).getFileName());
        Map<String, Object> security = Yamls.map(init, "securityContext");
        assertThat(security).containsEntry("runAsUser", 0).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false).doesNotContainKey("privileged");
        assertThat(Yamls.list(Yamls.map(security, "capabilities").get("drop"))).containsExactly("ALL");
        assertThat(Yamls.list(Yamls.map(security, "capabilities").get("add"))).containsExactly("NET_ADMIN");
        assertThat(Yamls.maps(init.get("volumeMounts"))).isEmpty();
        for (String name : List.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "K6RUNNER_RUNNER_EGRESS_MODE")) {
            assertThat(entry(init, name)).as("the firewall and the runner read " + name + " alike").isEqualTo(entry(container, name));
        }
    }

    /** DATABASE_URL is a file of the Secret, 0400 and root's (no fsGroup to widen it); never an environment variable. */
    @Test
    void theRunnersDatabaseUrlIsARootOnlyFile() {
        Manifest runner = k8s.get("Deployment", "runner-worker");
        Map<String, Object> container = Kubernetes.container(runner);
        assertThat(Kubernetes.env(container)).noneMatch(e -> "DATABASE_URL".equals(e.get("name")));
        String file = Kubernetes.envValue(container, "DATABASE_URL_FILE").orElseThrow();
        Map<String, Object> mount = Yamls.maps(container.get("volumeMounts")).stream()
                .filter(m -> file.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow();
        assertThat(mount).containsEntry("readOnly", true);
        Map<String, Object> volume = Yamls.maps(Kubernetes.podSpec(runner).get("volumes")).stream()
                .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
        Map<String, Object> secret = Yamls.map(volume, "secret");
        assertThat(secret).containsEntry("secretName", "k6runner-database").containsEntry("defaultMode", 0400);
        assertThat(Yamls.maps(secret.get("items"))).singleElement()
                .satisfies(item -> assertThat(mount.get("mountPath") + "/" + item.get("path")).isEqualTo(file));
        assertThat(Yamls.map(Kubernetes.podSpec(runner), "securityContext")).doesNotContainKeys("fsGroup", "supplementalGroups");
    }

    /** Writable: emptyDirs only, each size-limited, the work folder large enough for every slot's bound. */
    @Test
    void runnerPodsWriteOnlyToBoundedEmptyDirs() {
        Manifest runner = k8s.get("Deployment", "runner-worker");
        Map<String, Object> pod = Kubernetes.podSpec(runner);
        Map<String, Object> container = Kubernetes.container(runner);
        Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
        Yamls.maps(pod.get("volumes")).forEach(v -> volumes.put(String.valueOf(v.get("name")), v));
        Map<String, String> writable = new java.util.HashMap<>();
        for (Map<String, Object> mount : Yamls.maps(container.get("volumeMounts"))) {
            Map<String, Object> volume = volumes.get(String.valueOf(mount.get("name")));
            if (volume.containsKey("emptyDir")) {
                assertThat(Yamls.map(volume, "emptyDir")).containsKey("sizeLimit");
                writable.put(String.valueOf(mount.get("mountPath")), Yamls.string(volume, "emptyDir", "sizeLimit"));
            } else {
                assertThat(mount).containsEntry("readOnly", true);
            }
        }
        String work = Kubernetes.envValue(container, "K6RUNNER_RUNNER_WORKDIR").orElseThrow();
        String javaOptions = Kubernetes.envValue(container, "JAVA_TOOL_OPTIONS").orElse("");
        assertThat(writable).containsOnlyKeys(Kubernetes.envValue(container, "K6_RESULTS_DIR").orElseThrow(), work,
                javaOptions.replaceAll(".*-Djava.io.tmpdir=(\\S+).*", "$1"));
        long perRun = Containers.bytes(Kubernetes.envValue(container, "K6RUNNER_RUNNER_RESOURCES_MAXDISKWRITTEN").orElseThrow());
        long slots = Long.parseLong(Kubernetes.envValue(container, "K6RUNNER_RUNNER_SLOTS").orElseThrow());
        assertThat(Containers.bytes(writable.get(work))).isGreaterThan(perRun * slots);
    }

    /**
     * Pod Security admission is per namespace and the runner's init container is above "baseline", so the namespace
     * enforces less than its pods meet; this holds them to it: every pod but the runner meets "restricted", the
     * runner meets "baseline" but for its firewall init container's NET_ADMIN.
     */
    @Test
    void everyPodMeetsRestrictedButTheRunnerWhichMeetsBaselineSaveItsFirewall() {
        Map<String, Object> labels = Yamls.map(k8s.get("Namespace", "k6runner").object(), "metadata", "labels");
        assertThat(labels).containsEntry("pod-security.kubernetes.io/warn", "baseline").containsEntry("pod-security.kubernetes.io/audit", "baseline");
        for (Manifest workload : workloads()) {
            Map<String, Object> pod = Kubernetes.podSpec(workload);
            assertThat(pod).as(workload.name()).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
            assertThat(Yamls.string(pod, "securityContext", "seccompProfile", "type")).as(workload.name()).isEqualTo("RuntimeDefault");
            List<Map<String, Object>> containers = new ArrayList<>(Yamls.maps(pod.get("containers")));
            containers.addAll(Kubernetes.initContainers(workload));
            for (Map<String, Object> container : containers) {
                String name = workload.name() + "/" + container.get("name");
                Map<String, Object> security = Yamls.map(container, "securityContext");
                assertThat(security).as(name).containsEntry("allowPrivilegeEscalation", false).doesNotContainKeys("privileged", "procMount");
                assertThat(Yamls.list(Yamls.map(security, "capabilities").get("drop"))).as(name).contains("ALL");
                List<Object> added = Yamls.list(Yamls.map(security, "capabilities").get("add"));
                if (workload.name().equals("runner-worker")) {
                    assertThat(added).as(name).isSubsetOf(BASELINE_CAPABILITIES_AND_THE_FIREWALLS);
                    assertThat(added.contains("NET_ADMIN")).as(name).isEqualTo(container.get("name").equals("k6-egress-firewall"));
                } else {
                    assertThat(added).as(name).isEmpty();
                    assertThat(Yamls.map(pod, "securityContext")).as(name).containsEntry("runAsNonRoot", true);
                }
            }
        }
    }

    /** Pod Security "baseline"'s allowed capabilities, plus NET_ADMIN (the runner's firewall init container only). */
    private static final List<Object> BASELINE_CAPABILITIES_AND_THE_FIREWALLS = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE",
            "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", "NET_ADMIN");

    private static Object entry(Map<String, Object> container, String name) {
        return Kubernetes.env(container).stream().filter(e -> name.equals(e.get("name"))).findFirst().orElse(null);
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
