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

    /** One DNS label (RFC 1123); as the gateway checks a team's entries when they are stored. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** @throws IllegalArgumentException naming the entry and what is wrong with it */
    static AllowEntry parse(String entry) {
        String written = entry == null ? "" : entry.strip();
        if (isHostName(written)) {
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

    /**
     * Dot-separated labels, the last starting with a letter as every top-level domain does: so a mistyped address
     * ({@code 10.0.0.1-9}, {@code 10.0.0.256}) is refused as one, never looked up as a name.
     */
    private static boolean isHostName(String written) {
        String name = written.endsWith(".") ? written.substring(0, written.length() - 1) : written;
        String[] labels = name.split("\\.", -1);
        return !name.isEmpty() && name.length() <= 253
                && java.util.Arrays.stream(labels).allMatch(label -> LABEL.matcher(label).matches())
                && Character.isLetter(labels[labels.length - 1].charAt(0));
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
