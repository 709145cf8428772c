package dev.k6runner.gateway.teams;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * Checks a team's egress allow-list: each entry an IP address, a CIDR block, or a host name (resolved by the
 * runner at run start). Addresses are parsed by the IPAddress library, as the runners parse them, in its
 * strict form (no inet_aton shorthand such as {@code 10.1}, no ranges or wildcards), and stored canonical.
 */
final class EgressEntries {

    static final int MAX_ENTRIES = 100;
    private static final int MAX_HOST = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");
    private static final IPAddressStringParameters STRICT = strict();

    /** An entry in canonical form, or why it is wrong. */
    private record Checked(String canonical, String problem) {
        static Checked ok(String canonical) {
            return new Checked(canonical, null);
        }

        static Checked wrong(String problem) {
            return new Checked(null, problem);
        }
    }

    private EgressEntries() {
    }

    /** @return the entries in canonical form, duplicates dropped; each wrong entry is added to {@code errors} */
    static List<String> normalize(List<String> entries, List<Map<String, String>> errors) {
        if (entries == null) {
            return List.of();
        }
        if (entries.size() > MAX_ENTRIES) {
            errors.add(error("#/egress_allow", "at most " + MAX_ENTRIES + " entries, got " + entries.size()));
            return List.of();
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Checked checked = entries.get(i) == null
                    ? Checked.wrong("must be a string: a CIDR block, an IP address or a host name")
                    : check(entries.get(i).strip());
            if (checked.problem() != null) {
                errors.add(error("#/egress_allow/" + i, checked.problem()));
            } else {
                normalized.add(checked.canonical());
            }
        }
        return new ArrayList<>(normalized);
    }

    private static Checked check(String entry) {
        if (entry.isEmpty()) {
            return Checked.wrong("must not be empty");
        }
        if (entry.contains(":") || entry.contains("/") || LOOKS_NUMERIC.matcher(entry).matches()) {
            return address(entry);
        }
        return host(entry.toLowerCase(Locale.ROOT));
    }

    private static Checked address(String entry) {
        IPAddress address;
        try {
            address = new IPAddressString(entry, STRICT).toAddress();
        } catch (AddressStringException | RuntimeException e) {
            return Checked.wrong("'" + entry + "' is not an IP address or CIDR block (e.g. 10.20.0.0/16, 192.0.2.7, fd00:1::/64)");
        }
        if (address.isPrefixed() && !address.isPrefixBlock()) {
            return Checked.wrong("'" + entry + "' has bits set after its /" + address.getNetworkPrefixLength()
                    + ": did you mean " + address.toPrefixBlock().toCanonicalString() + "?");
        }
        return Checked.ok(address.toCanonicalString());
    }

    private static Checked host(String entry) {
        String name = entry.endsWith(".") ? entry.substring(0, entry.length() - 1) : entry;
        String[] labels = name.split("\\.", -1);
        boolean valid = !name.isEmpty() && name.length() <= MAX_HOST;
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid || labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Checked.wrong("'" + entry + "' is not a host name (letters, digits and '-' in dot-separated labels; "
                    + "no wildcards or ports: the runner resolves each name at run start)");
        }
        return Checked.ok(name);
    }

    private static Map<String, String> error(String pointer, String detail) {
        return Map.of("pointer", pointer, "detail", detail);
    }

    private static IPAddressStringParameters strict() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowPrefixOnly(false)
                .allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE).allow_inet_aton(false);
        builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false);
        return builder.toParams();
    }
}
