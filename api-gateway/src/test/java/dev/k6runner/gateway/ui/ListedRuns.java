package dev.k6runner.gateway.ui;

import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.gateway.report.StoredRuns;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A team's runs for the run list: the report's real k6 runs (src/test/resources/report) stored as the runner
 * and analyzer store them, with the summary columns the analyzer fills from the metrics, plus a failed and a
 * live run.
 */
final class ListedRuns {

    static final String RUNNER = "k6-runner-ui-1";

    private final StoredRuns stored;
    private final JdbcClient jdbc;

    ListedRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.stored = new StoredRuns(jdbc);
        stored.runner(RUNNER);
    }

    /** The runs of one team, oldest first: baseline (warn), degrading (fail: high), failed, live. */
    record Seeded(UUID baseline, UUID degrading, UUID failed, UUID live) {
    }

    Seeded seed(String team) {
        Instant start = Instant.now().minusSeconds(3600);
        UUID baseline = finished(team, "checkout", "checkout-baseline", start);
        UUID degrading = finished(team, "checkout", "checkout-degrading", start.plusSeconds(600));
        UUID failed = stored.run(team, "broken-script", "running", start.plusSeconds(1200), RUNNER);
        stored.fail(failed, "script error (k6 exit 107): SyntaxError", "SyntaxError: script.js: Unexpected token", 107);
        UUID live = stored.run(team, "soak", "running", start.plusSeconds(1800), RUNNER);
        stored.progress(live, 30.2, 1200, 12, 8);
        return new Seeded(baseline, degrading, failed, live);
    }

    UUID finished(String team, String name, String fixture, Instant start) {
        ObjectNode result = StoredRuns.fixture(fixture);
        UUID id = stored.run(team, name, "running", start, RUNNER);
        stored.finish(id, RUNNER, "completed", result, start.plusSeconds(121));
        JsonNode metrics = result.path("metrics");
        jdbc.sql("""
                UPDATE runs SET p95_response_time_ms = ?, avg_response_time_ms = ?, error_rate = ?, total_requests = ?,
                                throughput_rps = ?, vus_max = ?, duration_seconds = ? WHERE id = ?""")
                .params(metrics.path("p95_response_time_ms").asDouble(), metrics.path("avg_response_time_ms").asDouble(),
                        metrics.path("error_rate").asDouble(), metrics.path("total_requests").asLong(),
                        metrics.path("throughput_rps").asDouble(), metrics.path("vus_max").asInt(),
                        metrics.path("duration_seconds").asDouble(), id)
                .update();
        return id;
    }
}
