package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The rules the egress firewall script writes ({@code --print}, no root needed): which ranges, for which uids, in
 * which order. EgressFirewallTest attacks the installed rules; this holds their text to the design everywhere.
 */
class EgressFirewallRulesTest {

    static final List<String> ALWAYS_BLOCKED = List.of("169.254.0.0/16", "fe80::/10", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "0.0.0.0/8");

    @Test
    void clusterModeBlocksEveryInternalRangeAndLoopbackForK6sUidsOnly() {
        String rules = print(Map.of()).output();
        ALWAYS_BLOCKED.forEach(cidr -> assertThat(rules).contains(cidr));
        assertThat(set(rules, "blocked4")).contains("127.0.0.0/8");
        assertThat(set(rules, "blocked6")).contains("::1/128");
        assertThat(rules).contains("meta skuid 20000-20999 jump k6");
        assertThat(rules).contains("type filter hook output priority -150;");
    }

    @Test
    void theMetadataServiceIsRejectedBeforeAnyAllowListOrDnsRuleCanAcceptIt() {
        String rules = print(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "169.254.0.0/16,fd00:ec2::/32")).output();
        int metadata4 = rules.indexOf("ip daddr 169.254.169.254 reject");
        int metadata6 = rules.indexOf("ip6 daddr fd00:ec2::254 reject");
        assertThat(metadata4).isPositive();
        assertThat(metadata6).isPositive();
        for (String accept : List.of("@resolvers4 accept", "@resolvers6 accept", "@allowed4 accept", "@allowed6 accept")) {
            assertThat(rules.indexOf(accept)).as(accept).isGreaterThan(Math.max(metadata4, metadata6));
        }
        assertThat(set(rules, "allowed4")).contains("169.254.0.0/16");
        assertThat(set(rules, "allowed6")).contains("fd00:ec2::/32");
    }

    @Test
    void theCeilingOfWhatTeamsMayOpenIsOpenToK6sUidsAndTheRunnerNarrowsItPerTeam() {
        String rules = print(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.20.0.0/16",
                "K6RUNNER_RUNNER_EGRESS_TEAM_ALLOW_WITHIN", "10.30.0.0/16")).output();
        assertThat(set(rules, "allowed4")).contains("10.20.0.0/16", "10.30.0.0/16");
    }

    @Test
    void theUidRangeFollowsTheRunnersUidBaseAndLocalModeLeavesLoopbackOpen() {
        String rules = print(Map.of("K6RUNNER_RUNNER_CONFINEMENT_UIDBASE", "30000", "K6RUNNER_RUNNER_EGRESS_MODE", "local")).output();
        assertThat(rules).contains("meta skuid 30000-30999 jump k6");
        assertThat(set(rules, "blocked4")).doesNotContain("127.0.0.0/8").contains("10.0.0.0/8");
        assertThat(set(rules, "blocked6")).doesNotContain("::1/128");
    }

    @Test
    void operatorsBlockedAddressesAndHostNamesAreTakenAndGarbageIsRefused() {
        String rules = print(Map.of("K6RUNNER_RUNNER_BLOCKEDADDRESSES", "203.0.113.0/24", "K6RUNNER_RUNNER_EGRESS_ALLOW", "localhost")).output();
        assertThat(set(rules, "blocked4")).contains("203.0.113.0/24");
        assertThat(set(rules, "allowed4")).contains("127.0.0.1");
        for (Map<String, String> wrong : List.of(Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "10.0.0.0/8;rm"),
                Map.of("K6RUNNER_RUNNER_EGRESS_ALLOW", "no-such-host.invalid"),
                Map.of("K6RUNNER_RUNNER_BLOCKEDADDRESSES", "example.com"),
                Map.of("K6RUNNER_RUNNER_EGRESS_MODE", "open"),
                Map.of("K6RUNNER_RUNNER_CONFINEMENT_UIDBASE", "0"))) {
            NetworkNamespace.Result refused = print(wrong);
            assertThat(refused.exit()).as(wrong.toString()).isNotZero();
            assertThat(refused.output()).as(wrong.toString()).startsWith("k6-egress-firewall: ").doesNotContain("table inet");
        }
    }

    private static NetworkNamespace.Result print(Map<String, String> environment) {
        return NetworkNamespace.execute(List.of("bash", Repo.path(Containers.FIREWALL).toString(), "--print"), environment);
    }

    /** The elements line of one nft set. */
    private static String set(String rules, String name) {
        int start = rules.indexOf("set " + name + " {");
        return rules.substring(start, rules.indexOf('}', start));
    }
}
