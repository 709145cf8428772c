package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner image's egress firewall (runner-worker/docker/k6-egress-firewall.sh), attacked in a network
 * namespace of the test's own: every blocked range has an address there with a listener on it, and a program
 * running as a k6 uid tries them all. Needs root (namespaces, nftables, setpriv): runs here, skips elsewhere.
 */
class EgressFirewallTest {

    /** One address of every range a k6 uid must not reach, with its listener's port. */
    static final List<String> BLOCKED = List.of("127.0.0.1:8000", "[::1]:8000", "169.254.169.254:8000", "169.254.10.10:8000",
            "[fe80::10%lo]:8000", "10.1.2.3:8000", "172.16.5.5:8000", "192.168.7.7:8000", "100.64.1.1:8000",
            "[fd12::5]:8000", "[fd00:ec2::254]:8000", "0.1.2.3:8000", "10.53.0.53:8000");
    /** Reachable by k6: the allow-list's range, DNS on the namespace's name server, addresses that are not internal. */
    static final List<String> OPEN = List.of("10.9.0.1:8000", "10.53.0.53:53", "198.51.100.7:8000", "[2001:db8::7]:8000");

    private static final int K6_UID = 20001;
    private NetworkNamespace namespace;

    @BeforeEach
    void namespaceWithAListenerOnEveryRange() throws Exception {
        String unavailable = NetworkNamespace.unavailable();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        namespace = NetworkNamespace.create();
        namespace.addAddresses(List.of("169.254.169.254/32", "169.254.10.10/32", "10.1.2.3/32", "10.9.0.1/32", "10.53.0.53/32",
                "172.16.5.5/32", "192.168.7.7/32", "100.64.1.1/32", "0.1.2.3/32", "198.51.100.7/32",
                "fe80::10/64", "fd12::5/128", "fd00:ec2::254/128", "2001:db8::7/128"));
        namespace.resolvers("10.53.0.53");
        namespace.start(namespace.python, namespace.probe.toString(), "listen", "8000", "53");
        await().atMost(Duration.ofSeconds(20)).until(() -> namespace.probeAs(0, "connect", "127.0.0.1:8000", "10.53.0.53:53")
                .outcomes().values().stream().allMatch("connected"::equals));
    }

    @AfterEach
    void removeTheNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void k6sUidsReachNoInternalRangeNorTheMetadataServiceWhileOthersReachThemAll() {
        Map<String, String> before = connect(K6_UID);
        assertThat(before).as("without the firewall a k6 uid reaches every listener: the probe is sound").allSatisfy((t, o) -> assertThat(o).isEqualTo("connected"));

        assertThat(firewall(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.9.0.0/16")).exit()).isZero();

        for (int uid : List.of(20000, K6_UID, 20999)) {
            Map<String, String> k6 = connect(uid);
            BLOCKED.forEach(target -> assertThat(k6.get(target)).as("uid " + uid + " -> " + target).isEqualTo(rejected(target)));
            OPEN.forEach(target -> assertThat(k6.get(target)).as("uid " + uid + " -> " + target).isEqualTo("connected"));
        }
        for (int uid : List.of(0, 10001, 19999, 21000)) {
            assertThat(connect(uid)).as("uid " + uid + ", not k6's: the runner's own traffic is untouched")
                    .allSatisfy((target, outcome) -> assertThat(outcome).as(target).isEqualTo("connected"));
        }
    }

    @Test
    void anAllowListOpensItsRangesButNeverTheMetadataService() {
        assertThat(firewall(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.9.0.0/16")).exit()).isZero();
        assertThat(connect(K6_UID)).containsEntry("169.254.10.10:8000", "EHOSTUNREACH");

        // applied again with a wider list: the table is replaced, not doubled
        assertThat(firewall(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.9.0.0/16, 169.254.0.0/16,fd00:ec2::/32,192.168.7.7")).exit()).isZero();
        Map<String, String> k6 = connect(K6_UID);
        assertThat(k6).containsEntry("169.254.10.10:8000", "connected").containsEntry("192.168.7.7:8000", "connected")
                .containsEntry("169.254.169.254:8000", "EHOSTUNREACH").containsEntry("[fd00:ec2::254]:8000", "EACCES")
                .containsEntry("127.0.0.1:8000", "EHOSTUNREACH").containsEntry("10.1.2.3:8000", "EHOSTUNREACH");
        assertThat(namespace.run("nft", "list", "tables").output().lines().filter(line -> line.contains("k6runner_egress"))).hasSize(1);
    }

    @Test
    void localModeKeepsLoopbackOpenAndBlocksTheRest() {
        assertThat(firewall(Map.of("K6RUNNER_RUNNER_EGRESS_MODE", "local")).exit()).isZero();
        Map<String, String> k6 = connect(K6_UID);
        assertThat(k6).containsEntry("127.0.0.1:8000", "connected").containsEntry("[::1]:8000", "connected")
                .containsEntry("169.254.169.254:8000", "EHOSTUNREACH").containsEntry("10.1.2.3:8000", "EHOSTUNREACH")
                .containsEntry("[fd12::5]:8000", "EACCES");
    }

    /** A rule set nft refuses is not half-installed: a first run installs nothing, a later one leaves the last good. */
    @Test
    void aBadAllowListInstallsNothingAndLeavesTheLastGoodRules() {
        NetworkNamespace.Result refused = firewall(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.0.0.0/33"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("nothing was installed");
        assertThat(namespace.run("nft", "list", "tables").output()).doesNotContain("k6runner_egress");

        assertThat(firewall(Map.of()).exit()).isZero();
        assertThat(firewall(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.0.0.0/33")).exit()).isNotZero();
        assertThat(connect(K6_UID)).containsEntry("10.1.2.3:8000", "EHOSTUNREACH").containsEntry("127.0.0.1:8000", "EHOSTUNREACH");
    }

    /**
     * The firewall's answer (ICMP "administratively prohibited"): connect() fails with EHOSTUNREACH over IPv4 and
     * EACCES over IPv6; never ECONNREFUSED, which a port without listener gives, nor a connection.
     */
    static String rejected(String target) {
        return target.startsWith("[") ? "EACCES" : "EHOSTUNREACH";
    }

    private NetworkNamespace.Result firewall(Map<String, String> environment) {
        return namespace.run(environment, Repo.path(Containers.FIREWALL).toString());
    }

    private Map<String, String> connect(int uid) {
        List<String> arguments = new ArrayList<>(List.of("connect"));
        arguments.addAll(BLOCKED);
        arguments.addAll(OPEN);
        return namespace.probeAs(uid, arguments.toArray(String[]::new)).outcomes();
    }
}
