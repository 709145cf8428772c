package dev.k6runner.gateway.intake;

import java.util.Map;

/** A request that passed every check, normalized: ready to store. */
record ValidRun(
        String script,
        String name,
        Integer vus,
        String duration,
        Integer iterations,
        Map<String, String> env,
        Map<String, String> tags,
        long timeoutSeconds) {
}
