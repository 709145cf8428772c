package dev.k6runner.runner.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun.TeamPolicy;

/**
 * The policy attacked the way a script would: every address is checked the way k6 checks its
 * {@code --blacklist-ip} list ({@link K6Blacklist}, independent of the library that computed it), at the edges of
 * each range. No packet is sent anywhere; host names come from the hosts file ("localhost") or a fixed table.
 */
@ExtendWith(OutputCaptureExtension.class)
class EgressPolicyTest {

    /** First, middle and last address of every range cluster mode must block. */
    static final Map<String, List<String>> INTERNAL_EDGES = Map.ofEntries(
            Map.entry("0.0.0.0/8", List.of("0.0.0.0", "0.1.2.3", "0.255.255.255")),
            Map.entry("10.0.0.0/8", List.of("10.0.0.0", "10.20.30.40", "10.255.255.255", "::ffff:10.0.0.1")),
            Map.entry("100.64.0.0/10", List.of("100.64.0.0", "100.100.100.200", "100.127.255.255")),
            Map.entry("169.254.0.0/16", List.of("169.254.0.0", "169.254.169.254", "169.254.255.255")),
            Map.entry("172.16.0.0/12", List.of("172.16.0.0", "172.20.1.1", "172.31.255.255")),
            Map.entry("192.168.0.0/16", List.of("192.168.0.0", "192.168.1.1", "192.168.255.255")),
            Map.entry("::/128", List.of("::")),
            Map.entry("fc00::/7", List.of("fc00::", "fd00:ec2::254", "fd12:3456:789a::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
            Map.entry("fe80::/10", List.of("fe80::", "fe80::1", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
    static final List<String> LOOPBACK_EDGES = List.of("127.0.0.0", "127.0.0.1", "127.1.2.3", "127.255.255.255", "::1",
            "::ffff:127.0.0.1");
    /** Just outside the blocked ranges: public addresses (documentation ranges among them) stay reachable. */
    static final List<String> OUTSIDE = List.of("1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
            "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
            "192.167.255.255", "192.169.0.0", "203.0.113.7", "::2", "2001:db8::1", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe00::", "fec0::", "ff02::1");

    @Test
    void clusterModeBlocksEveryInternalRangeAndLoopbackAndNothingElse() {
        List<String> cidrs = policy("cluster", List.of(), List.of()).blockedCidrs(TeamPolicy.NONE);
        assertThat(cidrs).containsExactly("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.168.0.0/16", "::/127", "fc00::/7", "fe80::/10");
        K6Blacklist k6 = new K6Blacklist(cidrs);
        INTERNAL_EDGES.forEach((range, addresses) ->
                assertThat(addresses).as("in " + range).allMatch(k6::refuses));
        assertThat(LOOPBACK_EDGES).allMatch(k6::refuses);
        assertThat(OUTSIDE).noneMatch(k6::refuses);
    }

    @Test
    void localModeLeavesLoopbackOpenAndBlocksTheRest() {
        K6Blacklist k6 = new K6Blacklist(policy("local", List.of(), List.of()).blockedCidrs(TeamPolicy.NONE));
        assertThat(LOOPBACK_EDGES).noneMatch(k6::refuses);
        INTERNAL_EDGES.forEach((range, addresses) -> assertThat(addresses).as("in " + range).allMatch(k6::refuses));
        assertThat(OUTSIDE).noneMatch(k6::refuses);
    }

    @Test
    void anAllowedSlash24InsideTenSlash8IsCarvedOutExactly() {
        K6Blacklist k6 = new K6Blacklist(policy("cluster", List.of(), List.of("10.20.30.0/24")).blockedCidrs(TeamPolicy.NONE));
        assertThat(List.of("10.20.30.0", "10.20.30.1", "10.20.30.128", "10.20.30.255")).noneMatch(k6::refuses);
        assertThat(List.of("10.0.0.0", "10.20.29.255", "10.20.31.0", "10.255.255.255", "192.168.1.1")).allMatch(k6::refuses);
    }

    @Test
    void aTeamsAllowListBeyondTheOperatorsIsNotGranted(CapturedOutput output) {
        EgressPolicy policy = policy("cluster", List.of(), List.of("10.20.0.0/16"));
        List<String> operatorOnly = policy.blockedCidrs(TeamPolicy.NONE);
        List<String> withTeam = policy.blockedCidrs(team("10.0.0.0/8", "192.168.1.0/24", "10.20.5.0/24", "127.0.0.1"));
        assertThat(withTeam).isEqualTo(operatorOnly);
        K6Blacklist k6 = new K6Blacklist(withTeam);
        assertThat(List.of("10.1.1.1", "10.19.255.255", "10.21.0.0", "192.168.1.1", "127.0.0.1")).allMatch(k6::refuses);
        assertThat(List.of("10.20.0.0", "10.20.5.5", "10.20.255.255")).noneMatch(k6::refuses);
        assertThat(output).contains("entry '10.0.0.0/8' reaches beyond the operator's (k6runner.runner.egress.team-allow-within): "
                        + "granted only within it, [10.20.0.0/16]")
                .contains("entry '192.168.1.0/24' reaches beyond the operator's (k6runner.runner.egress.team-allow-within): not granted")
                .doesNotContain("'10.20.5.0/24' reaches beyond");
    }

    @Test
    void aTeamOpensWithinTheOperatorsCeilingForItsOwnRunsOnly() {
        EgressPolicy policy = EgressPolicy.of("cluster", List.of(), List.of("10.20.0.0/16"), List.of("10.30.0.0/16"), table(Map.of()));
        K6Blacklist payments = new K6Blacklist(policy.blockedCidrs(team("10.30.5.0/24", "10.40.0.0/16")));
        K6Blacklist others = new K6Blacklist(policy.blockedCidrs(TeamPolicy.NONE));
        assertThat(List.of("10.30.5.0", "10.30.5.255", "10.20.1.1")).noneMatch(payments::refuses);
        assertThat(List.of("10.30.4.255", "10.30.6.0", "10.40.0.1", "192.168.1.1")).allMatch(payments::refuses);
        assertThat(List.of("10.30.5.1", "10.40.0.1")).allMatch(others::refuses);
        assertThat(others.refuses("10.20.1.1")).isFalse();
    }

    @Test
    void cloudMetadataIsNeverAllowedWhateverTheAllowListsSay() {
        EgressPolicy policy = policy("local", List.of(), List.of("169.254.0.0/16", "169.254.169.254", "fc00::/7"));
        K6Blacklist k6 = new K6Blacklist(policy.blockedCidrs(team("169.254.169.254/32", "fd00:ec2::254")));
        assertThat(List.of("169.254.169.254", "::ffff:169.254.169.254", "fd00:ec2::254")).allMatch(k6::refuses);
        assertThat(List.of("169.254.0.1", "169.254.169.253", "169.254.169.255", "fd00:ec2::253", "fd00:ec2::255", "fc00::1"))
                .noneMatch(k6::refuses);
    }

    @Test
    void ipv6UniqueLocalAndLinkLocalAreBlockedAndAnAllowedUlaPrefixIsCarvedOut() {
        K6Blacklist k6 = new K6Blacklist(policy("cluster", List.of(), List.of("fd12:3456::/32")).blockedCidrs(TeamPolicy.NONE));
        assertThat(List.of("fd12:3456::", "fd12:3456:ffff:ffff:ffff:ffff:ffff:ffff")).noneMatch(k6::refuses);
        assertThat(List.of("fd12:3455:ffff:ffff:ffff:ffff:ffff:ffff", "fd12:3457::", "fc00::1", "fe80::1", "fe80::dead:beef"))
                .allMatch(k6::refuses);
    }

    @Test
    void aHostNameOnTheAllowListOpensWhatItResolvesToAtRunStart() throws UnknownHostException {
        // "localhost" comes from the hosts file, so no DNS query leaves the machine
        List<String> localhost = java.util.Arrays.stream(InetAddress.getAllByName("localhost")).map(InetAddress::getHostAddress).toList();
        assertThat(localhost).contains("127.0.0.1");
        K6Blacklist k6 = new K6Blacklist(policy("cluster", List.of(), List.of("localhost")).blockedCidrs(TeamPolicy.NONE));
        assertThat(k6.refuses("127.0.0.1")).isFalse();
        assertThat(List.of("127.0.0.0", "127.0.0.2", "127.0.1.1", "10.0.0.1")).allMatch(k6::refuses);
    }

    @Test
    void aHostNameIsResolvedAtEachRunStartAndOneThatDoesNotResolveOpensNothing() {
        Map<String, List<String>> hosts = new java.util.HashMap<>(Map.of("db.internal.example", List.of("10.9.8.7")));
        EgressPolicy policy = EgressPolicy.of("cluster", List.of(), List.of("db.internal.example"), table(hosts));
        assertThat(new K6Blacklist(policy.blockedCidrs(TeamPolicy.NONE)).refuses("10.9.8.7")).isFalse();
        hosts.put("db.internal.example", List.of("10.9.8.8", "fd00::8"));
        K6Blacklist moved = new K6Blacklist(policy.blockedCidrs(TeamPolicy.NONE));
        assertThat(moved.refuses("10.9.8.7")).as("the old address is closed again").isTrue();
        assertThat(List.of("10.9.8.8", "fd00::8")).noneMatch(moved::refuses);
        hosts.remove("db.internal.example");
        assertThat(policy.blockedCidrs(TeamPolicy.NONE)).isEqualTo(policy("cluster", List.of(), List.of()).blockedCidrs(TeamPolicy.NONE));
    }

    @Test
    void theBlockedListForATeamIsExactlyTheseCidrs() {
        EgressPolicy policy = EgressPolicy.of("cluster", List.of("203.0.113.0/24"),
                List.of("10.20.0.0/16", "metrics.internal.example"), table(Map.of("metrics.internal.example", List.of("192.168.7.7"))));
        assertThat(policy.blockedCidrs(team("10.20.30.0/24", "172.16.0.0/12"))).containsExactly(
                "0.0.0.0/8", "10.0.0.0/12", "10.16.0.0/14", "10.21.0.0/16", "10.22.0.0/15", "10.24.0.0/13", "10.32.0.0/11",
                "10.64.0.0/10", "10.128.0.0/9", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                "192.168.0.0/22", "192.168.4.0/23", "192.168.6.0/24", "192.168.7.0/30", "192.168.7.4/31", "192.168.7.6/32",
                "192.168.7.8/29", "192.168.7.16/28", "192.168.7.32/27", "192.168.7.64/26", "192.168.7.128/25",
                "192.168.8.0/21", "192.168.16.0/20", "192.168.32.0/19", "192.168.64.0/18", "192.168.128.0/17",
                "203.0.113.0/24", "::/127", "fc00::/7", "fe80::/10");
    }

    @Test
    void theRunnersOwnSettingsMakeThePolicy() {
        RunnerProperties properties = new RunnerProperties(null, null, null, null, null, null, null, null, null, null,
                null, List.of("198.51.100.0/24"), null, null, null, null, new RunnerProperties.Egress("local", List.of("10.1.0.0/16"), List.of()));
        K6Blacklist k6 = new K6Blacklist(EgressPolicy.from(properties).blockedCidrs(TeamPolicy.NONE));
        assertThat(List.of("198.51.100.1", "10.0.0.1", "169.254.169.254")).allMatch(k6::refuses);
        assertThat(List.of("127.0.0.1", "10.1.2.3")).noneMatch(k6::refuses);
    }

    @Test
    void aBadOperatorEntryStopsTheRunnerNamingIt() {
        for (String bad : List.of("10.0.0.0/33", "10.1.2.3/8", "1", "10.1", "*", "10.0.0.*", "10.0.0.1-9", "10.0.0.256",
                "010.0.0.1", "fe80::1%eth0", "not a host", "-bad-.example", "host..example", "http://10.0.0.1/", "db.example:5432")) {
            assertThatThrownBy(() -> policy("cluster", List.of(), List.of("192.168.1.0/24", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("k6runner.runner.egress.allow: '" + bad + "'");
        }
        assertThatThrownBy(() -> policy("cluster", List.of("10.0.0.0/8", "localhost"), List.of()))
                .hasMessageStartingWith("k6runner.runner.blocked-addresses: 'localhost' is neither");
        assertThatThrownBy(() -> policy("cluster", List.of(), List.of("10.1.2.3/8")))
                .hasMessageContaining("write 10.0.0.0/8 for the whole network or 10.1.2.3 for the one address");
    }

    @Test
    void aBadTeamEntryIsIgnoredAndGrantsNothing(CapturedOutput output) {
        EgressPolicy policy = policy("cluster", List.of(), List.of("10.0.0.0/8"));
        assertThat(policy.blockedCidrs(team("10.*", ""))).isEqualTo(policy.blockedCidrs(TeamPolicy.NONE));
        assertThat(output).contains("the team's egress allow-list entry is ignored: '10.*' is neither");
    }

    private static EgressPolicy policy(String mode, List<String> blocked, List<String> allow) {
        return EgressPolicy.of(mode, blocked, allow, table(Map.of()));
    }

    private static TeamPolicy team(String... allow) {
        return new TeamPolicy(null, null, List.of(allow));
    }

    /** A hosts table: "localhost" from the system's hosts file, other names from the map, nothing from DNS. */
    private static AllowEntry.HostResolver table(Map<String, List<String>> hosts) {
        return host -> {
            if (host.equals("localhost")) {
                return AllowEntry.HostResolver.SYSTEM.addressesOf(host);
            }
            List<String> addresses = hosts.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> resolved = new java.util.ArrayList<>();
            for (String address : addresses) {
                resolved.add(InetAddress.getByName(address));
            }
            return resolved;
        };
    }
}
