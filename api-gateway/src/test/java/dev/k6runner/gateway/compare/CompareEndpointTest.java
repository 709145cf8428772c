package dev.k6runner.gateway.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.report.StoredRuns;
import tools.jackson.databind.JsonNode;

/** The comparison over HTTP: the API's authentication and team scoping, its problems, and its verdicts on real runs. */
class CompareEndpointTest extends GatewayIntegrationTest {

    private static String path(UUID base, UUID head) {
        return "/api/v1/test/compare?base=" + base + "&head=" + head;
    }

    @Test
    void aTenfoldSlowdownIsAnOverallRegressionWithTheLatencyMetricsRegressed() {
        Team team = newTeam(20);
        CompareRuns runs = new CompareRuns(new StoredRuns(jdbc));
        UUID fast = runs.fast(team.id(), "checkout-fast");
        UUID slow = runs.slow(team.id(), "checkout-slow");

        JsonNode comparison = get(team, path(fast, slow)).json();

        assertThat(comparison.path("verdict").asString()).isEqualTo("regression");
        assertThat(comparison.path("base").path("test_id").asString()).isEqualTo(fast.toString());
        JsonNode p95 = metric(comparison, "p95_response_time_ms");
        System.out.println("[compare figures] 10x slowdown, p95: " + p95.path("decided_by"));
        assertThat(p95.path("verdict").asString()).isEqualTo("regression");
        assertThat(p95.path("relative_change").asDouble()).isBetween(8.9, 9.1);
        assertThat(p95.path("decided_by").path("test").asString()).isEqualTo("mann_whitney_u");
        assertThat(p95.path("decided_by").path("p_value").asDouble()).isLessThan(1e-6);
        assertThat(metric(comparison, "error_rate").path("verdict").asString()).isEqualTo("no_change");
        assertThat(metric(comparison, "total_requests").path("judged").asBoolean()).isFalse();
        assertThat(comparison.path("endpoints").size()).isEqualTo(4);
        assertThat(comparison.path("endpoints").findValuesAsString("verdict")).contains("regression");
    }

    @Test
    void theSlowRunBackToFastIsAnImprovement() {
        Team team = newTeam(20);
        CompareRuns runs = new CompareRuns(new StoredRuns(jdbc));
        UUID slow = runs.slow(team.id(), "checkout-slow");
        UUID fast = runs.fast(team.id(), "checkout-fast");

        JsonNode comparison = get(team, path(slow, fast)).json();

        assertThat(comparison.path("verdict").asString()).isEqualTo("improvement");
        assertThat(metric(comparison, "p95_response_time_ms").path("verdict").asString()).isEqualTo("improvement");
    }

    @Test
    void twoRunsOfTheSameSpeedAreNoChangeInEveryMetric() {
        Team team = newTeam(20);
        CompareRuns runs = new CompareRuns(new StoredRuns(jdbc));
        UUID first = runs.fast(team.id(), "checkout");
        UUID rerun = runs.sameSpeed(team.id(), "checkout", 7);

        JsonNode comparison = get(team, path(first, rerun)).json();

        System.out.println("[compare figures] same speed, p95: " + metric(comparison, "p95_response_time_ms").path("decided_by")
                + " throughput: " + metric(comparison, "throughput_rps").path("decided_by"));
        assertThat(comparison.path("verdict").asString()).isEqualTo("no_change");
        assertThat(comparison.path("metrics").findValuesAsString("verdict")).containsOnly("no_change");
    }

    @Test
    void theComparisonIsServedUnderTheApisKeyAndOnlyOverTheCallersRuns() {
        Team owner = newTeam(20);
        Team other = newTeam(20);
        CompareRuns runs = new CompareRuns(new StoredRuns(jdbc));
        UUID base = runs.fast(owner.id(), "a");
        UUID head = runs.fast(owner.id(), "b");

        assertThat(send("GET", path(base, head), null, null).status()).isEqualTo(401);
        assertThat(get(other, path(base, head)).status()).isEqualTo(404);
        JsonNode unknown = get(owner, path(base, UUID.randomUUID())).json();
        assertThat(unknown.path("status").asInt()).isEqualTo(404);
        assertThat(get(owner, "/api/v1/test/compare?base=" + base).status()).isEqualTo(400);
        GatewayIntegrationTest.Answer bad = get(owner, "/api/v1/test/compare?base=nope&head=" + head);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(bad.json().path("type").asString()).endsWith("invalid-parameter");
        Answer page = send("GET", path(base, head), owner.key(), null, "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(page.raw().body()).startsWith("<!DOCTYPE html>").contains("no_change");
    }

    private static JsonNode metric(JsonNode comparison, String name) {
        for (JsonNode metric : comparison.path("metrics")) {
            if (metric.path("metric").asString().equals(name)) {
                return metric;
            }
        }
        throw new AssertionError("no metric " + name + " in " + comparison);
    }
}
