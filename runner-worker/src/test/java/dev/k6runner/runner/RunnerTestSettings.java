package dev.k6runner.runner;

import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The runner configured for tests: the k6 stand-in as k6, confined where bubblewrap works, short intervals. */
public final class RunnerTestSettings {

    private RunnerTestSettings() {
    }

    public static void register(DynamicPropertyRegistry registry, Path root, Path invocationLog, int slots) {
        Path k6 = StandinK6.install(root.resolve("bin"), 3.0, invocationLog);
        registry.add("k6runner.runner.id", () -> "test-runner-" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("k6runner.runner.k6-binary", k6::toString);
        registry.add("k6runner.runner.slots", () -> slots);
        registry.add("k6runner.runner.heartbeat-interval", () -> "300ms");
        registry.add("k6runner.runner.lease-duration", () -> "3s");
        registry.add("k6runner.runner.stop-grace-period", () -> "5s");
        registry.add("k6runner.runner.shutdown-grace-period", () -> "1s");
        registry.add("k6runner.runner.poll-timeout", () -> "200ms");
        registry.add("k6runner.runner.work-dir", () -> root.resolve("work").toString());
        registry.add("k6runner.runner.results-dir", () -> root.resolve("results").toString());
        registry.add("k6runner.runner.blocked-addresses", () -> "10.0.0.0/8");
        registry.add("k6runner.runner.confinement.required", () -> "false");
        registry.add("k6runner.runner.confinement.read-only-paths",
                () -> StandinK6.readOnlyPathsNeeded().stream().map(Path::toString).collect(Collectors.joining(",")));
        registry.add("k6runner.runner.confinement.writable-paths", () -> invocationLog.getParent().toString());
    }
}
