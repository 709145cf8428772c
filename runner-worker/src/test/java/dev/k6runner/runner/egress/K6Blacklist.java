package dev.k6runner.runner.egress;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What k6 does with its {@code --blacklist-ip} CIDRs, written independently of the code under test (no IPAddress
 * library): k6 parses each with Go's net.ParseCIDR and refuses a dial whose resolved IP any of them contains
 * (net.IPNet.Contains, which reads an IPv4-mapped IPv6 address as IPv4). Only IP literals are given to
 * InetAddress here, so no name is ever looked up.
 */
final class K6Blacklist {

    private final List<String> cidrs;

    K6Blacklist(List<String> cidrs) {
        this.cidrs = cidrs;
    }

    boolean refuses(String ip) {
        return cidrs.stream().anyMatch(cidr -> contains(cidr, ip));
    }

    private static boolean contains(String cidr, String ip) {
        String[] parts = cidr.split("/");
        byte[] network = literal(parts[0]);
        byte[] address = literal(ip);
        if (network.length != address.length) {
            return false;
        }
        int bits = network.length * 8;
        int prefix = Integer.parseInt(parts[1]);
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
    }

    private static byte[] literal(String ip) {
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + ip);
        }
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
