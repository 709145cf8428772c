package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k6runner.deploychecks.Kubernetes.Manifest;

/**
 * The runner container as compose and Kubernetes start it, rebuilt here from their own files: a network namespace
 * for the container's, the capability set their files grant (setpriv's bounding set, no_new_privs), their
 * environment; then runner-entrypoint.sh, and a stand-in for the JVM that starts "k6" as a k6 uid the way the
 * runner does, which attacks: the runner's environment, its secret file, the results, loopback (the management
 * port). Needs root: runs here, skips elsewhere.
 */
class RunnerEntrypointTest {

    private static final String SECRET = "hunter2-" + Long.toHexString(System.nanoTime());
    private static final int MANAGEMENT_PORT = 9081;

    private NetworkNamespace namespace;
    private Path results;
    private Path work;
    private Path tmp;
    private Path secrets;
    private Path started;

    @BeforeEach
    void aContainerNamespaceWithTheRunnersManagementPort() throws IOException {
        String unavailable = NetworkNamespace.unavailable();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        namespace = NetworkNamespace.create();
        results = namespace.folder("results");
        work = namespace.folder("work");
        tmp = namespace.folder("tmp");
        secrets = namespace.folder("secrets").resolve("k6runner");
        started = namespace.folder("marks").resolve("jvm-started");
        namespace.start(namespace.python, namespace.probe.toString(), "listen", String.valueOf(MANAGEMENT_PORT));
        await().atMost(Duration.ofSeconds(20)).until(() -> namespace.probeAs(0, "connect", "127.0.0.1:" + MANAGEMENT_PORT)
                .outcomes().containsValue("connected"));
    }

    @AfterEach
    void removeTheNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void composesRunnerKeepsOnlyTheConfinementsCapabilitiesAndK6ReachesNothingOfTheRunners() throws IOException {
        Map<String, String> compose = composeRunnerEnvironment();
        assertThat(compose.get("DATABASE_URL")).contains(SECRET);
        // compose's results volume, as the images make it: the gateway's (uid/gid 10001), shared with the runners
        assertThat(NetworkNamespace.execute(List.of("chown", "10001:10001", results.toString()), Map.of()).exit()).isZero();
        assertThat(NetworkNamespace.execute(List.of("chmod", "2770", results.toString()), Map.of()).exit()).isZero();

        NetworkNamespace.Result jvm = container(capabilities(Yamls.list(composeRunner().get("cap_add"))), compose);

        assertThat(jvm.exit()).as(jvm.output()).isZero();
        assertJvmHoldsExactlyTheRunnersCapabilities(jvm);
        Map<String, String> seen = jvm.outcomes();
        assertThat(seen).as("the JVM's environment no longer holds the password").containsEntry("secret-in-environ", "0");
        Path file = Path.of(seen.get("DATABASE_URL_FILE"));
        assertThat(Files.readString(file)).isEqualTo(compose.get("DATABASE_URL"));
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
        assertThat(attributes.owner().getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-------");
        assertK6ReachesNothingOfTheRunners(seen, file);
        assertThat(Integer.toOctalString((Integer) Files.getAttribute(results, "unix:mode") & 07777)).isEqualTo("2770");
        Path run = results.resolve("run-1");
        assertThat((Integer) Files.getAttribute(run, "unix:gid")).as("the run folder the JVM made is the gateway's group's").isEqualTo(10001);
        NetworkNamespace.Result pruned = NetworkNamespace.execute(List.of("setpriv", "--reuid=10001", "--regid=10001", "--clear-groups",
                "rm", "-r", run.toString()), Map.of());
        assertThat(pruned.exit()).as("the gateway's retention removes a root runner's results: " + pruned.output()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work))).isEqualTo("rwx--x--x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).isEqualTo("rwx------");
    }

    @Test
    void kubernetesInitContainerInstallsTheFirewallAndTheRunnerProvesItBeforeStarting() throws IOException {
        Manifest deployment = Kubernetes.load().get("Deployment", "runner-worker");
        Map<String, Object> init = Kubernetes.initContainers(deployment).getFirst();
        Map<String, Object> main = Kubernetes.container(deployment);

        NetworkNamespace.Result firewall = namespace.run(plainEnvironment(init), setpriv(capabilities(added(init)),
                Repo.path(Containers.FIREWALL).toString()));
        assertThat(firewall.exit()).as(firewall.output()).isZero();

        Path secretFile = Files.createDirectories(secrets).resolve("database-url");
        Files.writeString(secretFile, "postgres://k6runner:" + SECRET + "@postgres:5432/k6runner");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("r--------"));
        Map<String, String> environment = plainEnvironment(main);
        environment.put("DATABASE_URL_FILE", secretFile.toString());
        NetworkNamespace.Result jvm = container(capabilities(added(main)), environment);

        assertThat(jvm.exit()).as(jvm.output()).isZero();
        assertThat(jvm.output()).contains("egress firewall verified");
        assertJvmHoldsExactlyTheRunnersCapabilities(jvm);
        assertK6ReachesNothingOfTheRunners(jvm.outcomes(), secretFile);
    }

    @Test
    void withoutAFirewallTheRunnerDoesNotStart() {
        Map<String, String> compose = composeRunnerEnvironment();
        List<String> withoutNetAdmin = capabilities(Yamls.list(composeRunner().get("cap_add"))).stream().filter(c -> !c.equals("net_admin")).toList();
        NetworkNamespace.Result install = container(withoutNetAdmin, compose);
        assertThat(install.exit()).isNotZero();
        assertThat(install.output()).contains("nothing was installed");

        Map<String, String> verify = new HashMap<>(compose);
        verify.put("EGRESS_FIREWALL", "verify");
        NetworkNamespace.Result unverified = container(capabilities(List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID", "KILL")), verify);
        assertThat(unverified.exit()).isNotZero();
        assertThat(unverified.output()).contains("the egress firewall is not installed");
        assertThat(started).as("the JVM never started").doesNotExist();
    }

    @Test
    void aContainerWithMoreCapabilitiesAndNoWayToDropThemDoesNotStart() {
        List<String> more = new ArrayList<>(capabilities(Yamls.list(composeRunner().get("cap_add"))));
        more.remove("setpcap");
        more.add("net_raw");
        NetworkNamespace.Result refused = container(more, composeRunnerEnvironment());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("not SETPCAP to drop them");
        assertThat(started).doesNotExist();
    }

    /** The capabilities a container holds: setpriv's bounding set, then the entrypoint, then the JVM stand-in. */
    private NetworkNamespace.Result container(List<String> capabilities, Map<String, String> environment) {
        Map<String, String> paths = new HashMap<>(environment);
        paths.put("K6_RESULTS_DIR", results.toString());
        paths.put("K6RUNNER_RUNNER_WORKDIR", work.toString());
        paths.put("TMPDIR", tmp.toString());
        paths.put("SECRETS_DIR", secrets.toString());
        return namespace.run(paths, setpriv(capabilities, Repo.path(Containers.ENTRYPOINT).toString(), "bash", "-c", jvmStandIn()));
    }

    private static String[] setpriv(List<String> capabilities, String... command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--bounding-set=-all,+" + String.join(",+", capabilities),
                "--inh-caps=-all", "--no-new-privs", "--"));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    /**
     * What the JVM holds and sees, then "k6" as uid 20001 without capabilities (as the runner's setpriv starts it)
     * attacking the runner: its environ, its secret file, the results, its management port on loopback. It is not
     * the last command, so bash forks it and the stand-in stays the root process whose environ k6 tries to read.
     */
    private String jvmStandIn() {
        return String.join("\n",
                "touch " + started,
                "while read -r name value; do name=${name#Cap}; printf 'cap-%s %x\\n' \"${name%:}\" \"0x$value\"; done < <(grep '^Cap' /proc/$$/status)",
                "if nft list ruleset >/dev/null 2>&1; then echo 'nft allowed'; else echo 'nft denied'; fi",
                "echo secret-in-environ $(tr '\\0' '\\n' < /proc/$$/environ | grep -c '" + SECRET + "')",
                "echo DATABASE_URL_FILE ${DATABASE_URL_FILE:-none}",
                "setpriv --reuid=20001 --regid=20001 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- "
                        + namespace.python + " " + namespace.probe + " read /proc/$$/environ ${DATABASE_URL_FILE} " + results,
                "setpriv --reuid=20001 --regid=20001 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- "
                        + namespace.python + " " + namespace.probe + " write " + work + "/planted " + tmp + "/planted",
                "setpriv --reuid=20001 --regid=20001 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- "
                        + namespace.python + " " + namespace.probe + " connect 127.0.0.1:" + MANAGEMENT_PORT + " [::1]:" + MANAGEMENT_PORT,
                "mkdir " + results + "/run-1 && echo '{}' > " + results + "/run-1/result.json",
                "echo done");
    }

    private static void assertJvmHoldsExactlyTheRunnersCapabilities(NetworkNamespace.Result jvm) {
        String keep = Long.toHexString(mask(capabilities(Containers.RUNNER_CAPABILITIES)));
        assertThat(jvm.outcomes()).as(jvm.output()).containsEntry("cap-Prm", keep).containsEntry("cap-Eff", keep)
                .containsEntry("cap-Bnd", keep).containsEntry("cap-Inh", "0").containsEntry("cap-Amb", "0")
                .containsEntry("nft", "denied");
        assertThat(jvm.output()).endsWith("done\n");
    }

    private void assertK6ReachesNothingOfTheRunners(Map<String, String> seen, Path secretFile) {
        assertThat(seen).as("k6 as uid 20001")
                .containsEntry(secretFile.toString(), "EACCES")
                .containsEntry(results.toString(), "EACCES")
                .containsEntry(work + "/planted", "EACCES")
                .containsEntry(tmp + "/planted", "EACCES")
                .containsEntry("127.0.0.1:" + MANAGEMENT_PORT, "EHOSTUNREACH")
                .containsEntry("[::1]:" + MANAGEMENT_PORT, EgressFirewallTest.rejected("[::1]"));
        assertThat(seen.entrySet()).filteredOn(e -> e.getKey().matches("/proc/\\d+/environ")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("EACCES"));
    }

    private static Map<String, Object> composeRunner() {
        Compose compose = Compose.load();
        return compose.service(compose.servicesOf("runner-worker").getFirst());
    }

    /** The runner's environment as docker compose would give it, with the operator's secrets set. */
    private static Map<String, String> composeRunnerEnvironment() {
        ComposeInterpolation.Result interpolated = ComposeInterpolation.interpolate(Compose.load().document(),
                Map.of("POSTGRES_PASSWORD", SECRET, "K6RUNNER_ADMIN_TOKEN", "t", "GRAFANA_ADMIN_PASSWORD", "g"));
        Compose compose = new Compose(interpolated.document());
        return new HashMap<>(Compose.environment(compose.service(compose.servicesOf("runner-worker").getFirst())));
    }

    private static List<Object> added(Map<String, Object> container) {
        return Yamls.list(Yamls.map(Yamls.map(container, "securityContext"), "capabilities").get("add"));
    }

    /** A container's plain {@code value} environment entries (references need a cluster). */
    private static Map<String, String> plainEnvironment(Map<String, Object> container) {
        Map<String, String> environment = new HashMap<>();
        for (Map<String, Object> entry : Kubernetes.env(container)) {
            environment.put(String.valueOf(entry.get("name")), entry.get("value") == null ? "" : String.valueOf(entry.get("value")));
        }
        return environment;
    }

    private static List<String> capabilities(List<?> names) {
        return names.stream().map(name -> String.valueOf(name).toLowerCase(Locale.ROOT)).toList();
    }

    private static long mask(List<String> capabilities) {
        Map<String, Integer> bits = Map.of("chown", 0, "dac_override", 1, "fowner", 3, "kill", 5, "setgid", 6, "setuid", 7);
        return capabilities.stream().mapToLong(name -> 1L << bits.get(name)).reduce(0, (a, b) -> a | b);
    }
}
