package dev.k6runner.runner.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.IPAddressString;

/**
 * One entry of an allow-list as written: a CIDR or a single address (fixed), or a host name (resolved at each
 * run's start, to one /32 or /128 per address it has then).
 */
record AllowEntry(String written, IPAddress block, String hostName) {

    /** DNS names (RFC 1123 labels); the last label starts with a letter, so a mistyped address is not a name. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}\\.?$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");

    /** @throws IllegalArgumentException naming the entry and what is wrong with it */
    static AllowEntry parse(String entry) {
        String written = entry == null ? "" : entry.strip();
        if (HOST_NAME.matcher(written).matches()) {
            return new AllowEntry(written, null, written.toLowerCase(java.util.Locale.ROOT));
        }
        return new AllowEntry(written, block(written, true), null);
    }

    /**
     * An address or CIDR. With {@code exact}, a CIDR with host bits set ({@code 10.1.2.3/8}) is refused: on an
     * allow-list it would open far more than the address it names. A blocked entry is widened to its network.
     */
    static IPAddress block(String written, boolean exact) {
        IPAddress address;
        try {
            address = new IPAddressString(written, Ranges.STRICT).toAddress();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException("'" + written + "' is neither a CIDR, an IP address nor a host name ("
                    + e.getMessage().strip() + ")");
        }
        if (address.isIPv6() && address.toIPv6().hasZone()) {
            throw new IllegalArgumentException("'" + written + "' carries an IPv6 zone; write the address or CIDR without it");
        }
        if (address.getNetworkPrefixLength() == null) {
            return address.toPrefixBlock(address.getBitCount());
        }
        if (exact && !address.isPrefixBlock()) {
            throw new IllegalArgumentException("'" + written + "' has host bits set: write " + address.toPrefixBlock()
                    + " for the whole network or " + address.withoutPrefixLength() + " for the one address");
        }
        return address.toPrefixBlock();
    }

    /** The blocks this entry stands for now; a host name that does not resolve stands for nothing. */
    List<IPAddress> resolve(HostResolver resolver) throws UnknownHostException {
        if (block != null) {
            return List.of(block);
        }
        IPAddressGenerator generator = new IPAddressGenerator();
        return resolver.addressesOf(hostName).stream()
                .map(generator::from)
                .map(address -> address.isIPv6() ? address.toIPv6().removeZone() : address)
                .map(address -> address.toPrefixBlock(address.getBitCount()))
                .toList();
    }

    /** Resolves host names: the system's resolver in production (hosts file, then DNS). */
    @FunctionalInterface
    interface HostResolver {
        HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

        List<InetAddress> addressesOf(String host) throws UnknownHostException;
    }
}
