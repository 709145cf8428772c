package dev.k6runner.platform.k6;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Environment names a run may not set. A run's env becomes k6's process environment (read with
 * {@code --include-system-env-vars}), so these would change what k6, the Go runtime or the C library of the
 * confinement's own programs do, or replace what the runner sets. The gateway refuses them at submission, the
 * runner drops them, and the sandbox refuses to start a wrapper with a C-library one: one list for all three.
 */
public final class ReservedEnv {

    private static final Set<String> RUNNER_SET = Set.of("PATH", "HOME", "TMPDIR");
    /** The Go runtime's own settings; other names starting with GO (GOOGLE_API_KEY) are a script's to use. */
    private static final Pattern GO_RUNTIME = Pattern.compile("GODEBUG|GOGC|GOMEMLIMIT|GOMAXPROCS|GOTRACEBACK|GORACE");
    /** Go's proxy settings are read in upper and lower case alike. */
    private static final Set<String> PROXIES = Set.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY");
    /** What glibc ignores for setuid programs because it loads code or files (its unsecvars), besides LD_*. */
    private static final Set<String> C_LIBRARY = Set.of("GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES",
            "LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TZDIR");

    private ReservedEnv() {
    }

    /** @return why the name is reserved, or null when a run may set it */
    public static String reason(String name) {
        if (name.startsWith("K6_")) {
            return "k6 reads K6_* variables as its own options (K6_OUT, K6_VUS …); set vus, duration or iterations "
                    + "in the request instead, or rename the variable";
        }
        if (RUNNER_SET.contains(name)) {
            return "the runner sets " + name + " for k6's process";
        }
        if (loadsCode(name)) {
            return "the C library reads it (it can load code or files into the programs that start k6)";
        }
        if (GO_RUNTIME.matcher(name).matches()) {
            return "the Go runtime that k6 is built on reads " + name;
        }
        if (PROXIES.contains(name.toUpperCase(Locale.ROOT))) {
            return "a proxy variable (in any case) would send k6's traffic around the runner's egress policy";
        }
        if (name.equals("SSL_CERT_FILE") || name.equals("SSL_CERT_DIR")) {
            return "it would change which TLS certificates k6 trusts";
        }
        return null;
    }

    /** True for the dynamic linker's and C library's variables that load code or files. */
    public static boolean loadsCode(String name) {
        return name.startsWith("LD_") || C_LIBRARY.contains(name);
    }
}
