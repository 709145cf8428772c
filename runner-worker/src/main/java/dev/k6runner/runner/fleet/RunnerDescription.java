package dev.k6runner.runner.fleet;

/** What the registry and health say about this runner; fixed at start. */
public record RunnerDescription(
        String id,
        String host,
        String k6Binary,
        String k6Version,
        boolean k6Available,
        String confinement,
        boolean acceptsRuns,
        int capacity) {
}
