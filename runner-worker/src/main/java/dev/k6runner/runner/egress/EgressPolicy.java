package dev.k6runner.runner.egress;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import inet.ipaddr.IPAddress;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.egress.AllowEntry.HostResolver;

/**
 * The addresses a run's k6 must not reach, as the CIDRs it gets as {@code --blacklist-ip}: the ranges of the
 * mode plus the operator's blocked addresses, minus what the allow-lists open, plus cloud metadata, which
 * nothing opens. Allowed = the operator's allow-list (open to every team) ∪ (the team's allow-list ∩ the operator's
 * ceiling for teams, {@code egress.team-allow-within}): a team's entry beyond that ceiling is not granted (logged),
 * and what a team opens is open to its own runs only. Host names are resolved at each run's start.
 */
public final class EgressPolicy {

    private static final Logger log = LoggerFactory.getLogger(EgressPolicy.class);

    /** Blocked in both modes: "this network" (0.0.0.0 reaches the host), private, CGNAT, link-local, ULA. */
    static final List<String> INTERNAL = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16",
            "172.16.0.0/12", "192.168.0.0/16", "::/128", "fc00::/7", "fe80::/10");
    /** Blocked in cluster mode only: the host's own loopback, where the runner's and its neighbours' ports are. */
    static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    private static final String ALLOW_KEY = "k6runner.runner.egress.allow";
    private static final String CEILING_KEY = "k6runner.runner.egress.team-allow-within";
    private static final List<IPAddress> METADATA = RunnerProperties.CLOUD_METADATA.stream().map(Ranges::cidr).toList();

    private final List<IPAddress> blocked;
    private final List<AllowEntry> operatorAllow;
    private final List<AllowEntry> teamCeiling;
    private final HostResolver resolver;

    private EgressPolicy(List<IPAddress> blocked, List<AllowEntry> operatorAllow, List<AllowEntry> teamCeiling,
                         HostResolver resolver) {
        this.blocked = blocked;
        this.operatorAllow = operatorAllow;
        this.teamCeiling = teamCeiling;
        this.resolver = resolver;
    }

    /**
     * The runner's policy, checked once at start.
     *
     * @throws IllegalArgumentException naming the setting and the entry that is neither a CIDR, an address nor a
     *                                  host name: the runner must refuse to start rather than guess
     */
    public static EgressPolicy from(RunnerProperties properties) {
        RunnerProperties.Egress egress = properties.egress();
        return of(egress.mode(), properties.blockedAddresses(), egress.allow(), egress.teamAllowWithin(), HostResolver.SYSTEM);
    }

    /** A policy whose ceiling for teams is the operator's own allow-list: a team's list can then open nothing more. */
    static EgressPolicy of(String mode, List<String> blockedAddresses, List<String> allow, HostResolver resolver) {
        return of(mode, blockedAddresses, allow, allow, resolver);
    }

    static EgressPolicy of(String mode, List<String> blockedAddresses, List<String> allow, List<String> teamAllowWithin,
                           HostResolver resolver) {
        Stream<String> defaults = "local".equals(mode) ? INTERNAL.stream() : Stream.concat(INTERNAL.stream(), LOOPBACK.stream());
        List<IPAddress> operatorBlocked = new ArrayList<>();
        for (String entry : blockedAddresses) {
            if (!entry.isBlank()) {
                operatorBlocked.add(checked("k6runner.runner.blocked-addresses", () -> AllowEntry.block(entry.strip(), false)));
            }
        }
        List<AllowEntry> operatorAllow = entries(ALLOW_KEY, allow);
        List<AllowEntry> teamCeiling = entries(CEILING_KEY, teamAllowWithin);
        Stream.concat(operatorAllow.stream(), teamCeiling.stream()).filter(entry -> entry.block() != null && !Ranges.intersect(List.of(entry.block()), METADATA).isEmpty())
                .forEach(entry -> log.warn("{} entry '{}' includes cloud metadata addresses {}: they stay blocked",
                        ALLOW_KEY, entry.written(), RunnerProperties.CLOUD_METADATA));
        List<IPAddress> blocked = Ranges.union(defaults.map(Ranges::cidr).toList(), operatorBlocked);
        return new EgressPolicy(blocked, operatorAllow, teamCeiling, resolver);
    }

    private static List<AllowEntry> entries(String key, List<String> written) {
        return written.stream().filter(entry -> !entry.isBlank()).map(entry -> checked(key, () -> AllowEntry.parse(entry))).toList();
    }

    /**
     * The CIDRs to pass to k6 as {@code --blacklist-ip} for one run of this team, IPv4 first, merged into the
     * fewest prefix blocks. Resolves the allow-lists' host names now, so call it at the run's start.
     */
    public List<String> blockedCidrs(ClaimedRun.TeamPolicy team) {
        List<IPAddress> operator = resolved(operatorAllow, ALLOW_KEY);
        List<IPAddress> granted = teamGrant(team.egressAllow(), resolved(teamCeiling, CEILING_KEY));
        List<IPAddress> allowed = Ranges.subtract(Ranges.union(operator, granted), METADATA);
        return Ranges.union(Ranges.subtract(blocked, allowed), METADATA).stream().map(Ranges::toCidr).toList();
    }

    private List<IPAddress> teamGrant(List<String> written, List<IPAddress> ceiling) {
        List<IPAddress> granted = new ArrayList<>();
        for (String entry : written) {
            AllowEntry parsed;
            try {
                parsed = AllowEntry.parse(entry);
            } catch (IllegalArgumentException e) {
                log.warn("the team's egress allow-list entry is ignored: {}", e.getMessage());
                continue;
            }
            List<IPAddress> asked = resolved(List.of(parsed), "the team's egress allow-list");
            List<IPAddress> inside = Ranges.intersect(asked, ceiling);
            if (!Ranges.subtract(asked, ceiling).isEmpty()) {
                log.warn("the team's egress allow-list entry '{}' reaches beyond the operator's ({}): {}", parsed.written(),
                        CEILING_KEY, inside.isEmpty() ? "not granted" : "granted only within it, " + cidrs(inside));
            }
            granted.addAll(inside);
        }
        return granted;
    }

    private List<IPAddress> resolved(List<AllowEntry> entries, String list) {
        List<IPAddress> ranges = new ArrayList<>();
        for (AllowEntry entry : entries) {
            try {
                ranges.addAll(entry.resolve(resolver));
            } catch (UnknownHostException e) {
                log.warn("{} entry '{}' does not resolve now: it opens nothing for this run", list, entry.written());
            }
        }
        return ranges;
    }

    private static List<String> cidrs(List<IPAddress> ranges) {
        return ranges.stream().map(Ranges::toCidr).toList();
    }

    private static <T> T checked(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
