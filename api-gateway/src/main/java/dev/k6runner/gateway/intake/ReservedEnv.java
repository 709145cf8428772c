package dev.k6runner.gateway.intake;

import java.util.Locale;
import java.util.Set;

/**
 * Environment names a run may not set. A run's env becomes k6's process environment (read with
 * {@code --include-system-env-vars}), so these would change what k6, the Go runtime or the dynamic linker do, or
 * replace what the runner sets. The runners drop the same names as a second line.
 */
final class ReservedEnv {

    private static final Set<String> PROXIES = Set.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY");

    private ReservedEnv() {
    }

    /** @return why the name is reserved, or null when a run may set it */
    static String reason(String name) {
        if (name.startsWith("K6_")) {
            return "k6 reads K6_* variables as its own options (K6_OUT, K6_VUS …); set vus, duration or iterations "
                    + "in the request instead, or rename the variable";
        }
        if (name.equals("PATH") || name.equals("HOME") || name.equals("TMPDIR")) {
            return "the runner sets " + name + " for k6's process";
        }
        if (name.startsWith("LD_")) {
            return "the dynamic linker reads LD_* variables (they can load code into k6)";
        }
        if (name.startsWith("GO")) {
            return "the Go runtime that k6 is built on reads GO* variables (GODEBUG, GOMAXPROCS …)";
        }
        if (PROXIES.contains(name.toUpperCase(Locale.ROOT))) {
            return "a proxy variable (in any case) would send k6's traffic around the runner's egress policy";
        }
        if (name.equals("SSL_CERT_FILE") || name.equals("SSL_CERT_DIR")) {
            return "it would change which TLS certificates k6 trusts";
        }
        return null;
    }
}
