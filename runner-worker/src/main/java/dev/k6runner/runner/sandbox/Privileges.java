package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What this process may do to other uids, read from its effective capabilities ({@code CapEff} of /proc/self/status). */
final class Privileges {

    /**
     * Capability numbers (linux/capability.h) a runner needs to run k6 as another uid: set its uid and gid, give it
     * its folder, and kill what it leaves.
     */
    private static final Map<String, Integer> TO_SWITCH_USERS =
            Map.of("CAP_CHOWN", 0, "CAP_KILL", 5, "CAP_SETGID", 6, "CAP_SETUID", 7);

    private Privileges() {
    }

    /** Empty when this process holds every capability to run k6 as another uid; else which it lacks. */
    static Optional<String> missingToSwitchUsers() {
        return missing(Path.of("/proc/self/status"));
    }

    static Optional<String> missing(Path status) {
        BigInteger effective;
        try {
            effective = effective(Files.readAllLines(status));
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read this process's capabilities (" + e.getMessage() + ")");
        }
        List<String> lacking = TO_SWITCH_USERS.entrySet().stream().filter(capability -> !effective.testBit(capability.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        return lacking.isEmpty() ? Optional.empty()
                : Optional.of("this runner may not switch users: it lacks " + lacking.stream().collect(Collectors.joining(", ")));
    }

    private static BigInteger effective(List<String> status) {
        return status.stream().filter(line -> line.startsWith("CapEff:")).findFirst()
                .map(line -> new BigInteger(line.substring("CapEff:".length()).trim(), 16))
                .orElseThrow(() -> new IllegalStateException("no CapEff line"));
    }
}
