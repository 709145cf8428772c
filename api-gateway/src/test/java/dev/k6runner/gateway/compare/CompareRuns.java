package dev.k6runner.gateway.compare;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import dev.k6runner.gateway.report.StoredRuns;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs to compare, from the report's real k6 run of the checkout script (src/test/resources/report): that run as it
 * was, the same run 10× slower (every latency of its timeline, endpoints and metrics), and a second run of the
 * same speed (every bucket's latencies and request count moved by up to ±5 %, as a rerun moves them).
 */
final class CompareRuns {

    static final String RUNNER = "k6-runner-compare-1";
    private static final String[] TIMELINE_LATENCIES = {"p50Ms", "p95Ms", "p99Ms"};
    private static final String[] ENDPOINT_LATENCIES = {"avgMs", "p95Ms", "maxMs"};

    private final StoredRuns stored;

    CompareRuns(StoredRuns stored) {
        this.stored = stored;
        stored.runner(RUNNER);
    }

    UUID fast(String team, String name) {
        return store(team, name, StoredRuns.fixture("checkout-baseline"));
    }

    UUID slow(String team, String name) {
        ObjectNode result = StoredRuns.fixture("checkout-baseline");
        for (JsonNode point : result.path("digest").path("timeline")) {
            scale((ObjectNode) point, 10, TIMELINE_LATENCIES);
        }
        for (JsonNode endpoint : result.path("digest").path("endpoints")) {
            scale((ObjectNode) endpoint, 10, ENDPOINT_LATENCIES);
        }
        ObjectNode metrics = (ObjectNode) result.path("metrics");
        for (String metric : metrics.propertyNames()) {
            if (metric.endsWith("_response_time_ms")) {
                scale(metrics, 10, metric);
            }
        }
        return store(team, name, result);
    }

    /** The fast run again, every bucket's latencies and requests moved by up to ±5 % (a seeded, repeatable rerun). */
    UUID sameSpeed(String team, String name, long seed) {
        ObjectNode result = StoredRuns.fixture("checkout-baseline");
        Random random = new Random(seed);
        for (JsonNode point : result.path("digest").path("timeline")) {
            ObjectNode bucket = (ObjectNode) point;
            scale(bucket, 1 + 0.1 * (random.nextDouble() - 0.5), TIMELINE_LATENCIES);
            bucket.put("requests", Math.round(bucket.path("requests").asLong() * (1 + 0.1 * (random.nextDouble() - 0.5))));
        }
        return store(team, name, result);
    }

    private UUID store(String team, String name, ObjectNode result) {
        Instant start = Instant.now().minusSeconds(600);
        UUID id = stored.run(team, name, "running", start, RUNNER);
        stored.finish(id, RUNNER, "completed", result, start.plusSeconds(121));
        return id;
    }

    private static void scale(ObjectNode node, double factor, String... members) {
        for (String member : members) {
            if (node.path(member).isNumber()) {
                node.put(member, node.path(member).asDouble() * factor);
            }
        }
    }
}
