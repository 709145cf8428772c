package dev.k6runner.runner.egress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.AddressStringParameters.RangeParameters;

/**
 * Set arithmetic on address ranges, IPv4 and IPv6 kept apart (the library would otherwise convert one version
 * into the other), with every result merged into the fewest CIDR prefix blocks, sorted IPv4 first.
 */
final class Ranges {

    /**
     * Only plain addresses and CIDRs: the library's defaults also take "" (which it reads as loopback), "1"
     * (0.0.0.1), "10.1", wildcards, ranges and masks, each a way for a typo to open or close the wrong range.
     */
    static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowPrefixOnly(false)
            .allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).allowLeadingZeros(false).getParentBuilder()
            .toParams();

    private static final Comparator<IPAddress> ORDER =
            Comparator.comparing(IPAddress::isIPv6).thenComparing(block -> block.getLower());

    private Ranges() {
    }

    /** A CIDR written by this code itself (never by an operator). */
    static IPAddress cidr(String cidr) {
        return new IPAddressString(cidr, STRICT).getAddress().toPrefixBlock();
    }

    static List<IPAddress> union(Collection<IPAddress> first, Collection<IPAddress> second) {
        return merge(Stream.concat(first.stream(), second.stream()).toList());
    }

    static List<IPAddress> subtract(Collection<IPAddress> from, Collection<IPAddress> removed) {
        List<IPAddress> left = new ArrayList<>(from);
        for (IPAddress hole : removed) {
            left = left.stream().flatMap(block -> minus(block, hole)).toList();
        }
        return merge(left);
    }

    static List<IPAddress> intersect(Collection<IPAddress> first, Collection<IPAddress> second) {
        List<IPAddress> common = new ArrayList<>();
        for (IPAddress a : first) {
            for (IPAddress b : second) {
                IPAddress both = a.getIPVersion() == b.getIPVersion() ? a.intersect(b) : null;
                if (both != null) {
                    common.add(both);
                }
            }
        }
        return merge(common);
    }

    /** The fewest prefix blocks covering exactly these ranges, IPv4 first, each version in address order. */
    static List<IPAddress> merge(Collection<IPAddress> ranges) {
        List<IPAddress> merged = new ArrayList<>();
        for (boolean ipv6 : new boolean[] {false, true}) {
            List<IPAddress> version = ranges.stream().filter(range -> range.isIPv6() == ipv6).toList();
            if (!version.isEmpty()) {
                IPAddress[] rest = version.subList(1, version.size()).toArray(IPAddress[]::new);
                merged.addAll(Arrays.asList(version.getFirst().mergeToPrefixBlocks(rest)));
            }
        }
        merged.sort(ORDER);
        return List.copyOf(merged);
    }

    /** k6's {@code --blacklist-ip} takes CIDRs only (Go's net.ParseCIDR): a single address is written /32 or /128. */
    static String toCidr(IPAddress block) {
        IPAddress prefixed = block.getNetworkPrefixLength() == null ? block.toPrefixBlock(block.getBitCount()) : block;
        return prefixed.toCanonicalString();
    }

    private static Stream<IPAddress> minus(IPAddress block, IPAddress hole) {
        if (block.getIPVersion() != hole.getIPVersion()) {
            return Stream.of(block);
        }
        IPAddress[] left = block.subtract(hole);
        return left == null ? Stream.empty() : Arrays.stream(left);
    }
}
