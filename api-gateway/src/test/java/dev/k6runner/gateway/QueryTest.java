package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class QueryTest extends GatewayIntegrationTest {

    private static final String METRICS = """
            {"avg_response_time_ms": 12.3, "p95_response_time_ms": 25.2, "error_rate": 0.0, "total_requests": 1500,
             "checks_passed": null}""";
    private static final String DIGEST = """
            {"bucketSeconds":1,"timeline":[{"epochSecond":1763900000,"requests":10,"failedRequests":1,"vus":2,
             "iterations":5,"p50Ms":1.5,"p95Ms":3.0,"p99Ms":4.0}],"endpoints":[{"method":"GET","name":"http://x/",
             "status":"200","requests":10,"failedRequests":0,"avgMs":1.0,"p95Ms":2.0,"maxMs":3.0}],
             "latencyHistogram":"AAA","loadGenerator":{"samples":3,"cpuAvgPercent":10.0,"cpuPeakPercent":20.0,
             "rssPeakBytes":1000,"saturated":false},"pointsRead":42}""";

    @Test
    void theDocumentCarriesTheAnalysisVerbatimAndNeverTheEnvValues() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "checkout", "completed", Instant.now());
        Seeds.runner(jdbc, "runner-doc", true, Instant.now());
        jdbc.sql("UPDATE runs SET runner_id = 'runner-doc', started_at = now(), finished_at = now(), k6_exit_code = 0 WHERE id = ?")
                .param(id).update();
        jdbc.sql("""
                INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, k6_exit_code, raw_summary, console_output,
                                         digest, metrics, thresholds, analysis)
                VALUES (?, ?, 'runner-doc', 'completed', 0, '{"metrics":{"http_reqs":{"count":1500}}}', 'done',
                        CAST(? AS jsonb), CAST(? AS jsonb), '{"passed":true,"results":[]}',
                        '{"has_anomalies":false,"severity":"none","anomalies":[],"analyzer":"rules"}')""")
                .params(id, UUID.randomUUID(), DIGEST, METRICS).update();

        JsonNode doc = get(team, "/api/v1/test/results/" + id).json();

        assertThat(doc.get("test_id").asString()).isEqualTo(id.toString());
        assertThat(doc.get("status").asString()).isEqualTo("completed");
        assertThat(doc.get("status_reason").isNull()).isTrue();
        assertThat(doc.get("metrics").get("p95_response_time_ms").asDouble()).isEqualTo(25.2);
        assertThat(doc.get("metrics").get("checks_passed").isNull()).isTrue();
        assertThat(doc.get("thresholds").get("passed").asBoolean()).isTrue();
        assertThat(doc.get("anomaly_analysis").get("analyzer").asString()).isEqualTo("rules");
        assertThat(doc.get("raw_summary").get("metrics").get("http_reqs").get("count").asInt()).isEqualTo(1500);
        assertThat(doc.get("console_output").asString()).isEqualTo("done");
        assertThat(doc.get("runner").get("k6_version").asString()).isEqualTo("v0.49.0");
        assertThat(doc.get("request").get("env_keys").get(0).asString()).isEqualTo("SECRET");
        assertThat(doc.get("request").get("tags").get("env").asString()).isEqualTo("prod");
        assertThat(doc.get("timeline").get(0).get("failed_requests").asInt()).isEqualTo(1);
        assertThat(doc.get("endpoints").get(0).get("p95_ms").asDouble()).isEqualTo(2.0);
        assertThat(doc.get("k6_exit_code").asInt()).isZero();
        assertThat(doc.toString()).doesNotContain("hunter2");
    }

    @Test
    void aTestOnTwoRunnersShowsEachSegmentBesideTheMergedResultAndSaysWhereSetupRan() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "split", "interrupted", Instant.now());
        Seeds.runner(jdbc, "runner-s0", true, Instant.now());
        Seeds.runner(jdbc, "runner-s1", true, Instant.now());
        UUID attempt = UUID.randomUUID();
        jdbc.sql("UPDATE runs SET runners = 2, runner_id = 'runner-s0', attempt_id = ?, started_at = now(), finished_at = now(), "
                + "k6_exit_code = 105 WHERE id = ?").params(attempt, id).update();
        for (int index = 0; index < 2; index++) {
            jdbc.sql("""
                    INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, outcome,
                                              k6_exit_code, metrics, start_at, k6_started_at, lease_expires_at, result,
                                              stop_reason)
                    VALUES (?, ?, ?, '0,1/2,1', ?, ?, ?, ?, ?, CAST(? AS jsonb), now(), now(), now(), CAST(? AS jsonb), ?)""")
                    .params(id, index, index == 0 ? "0:1/2" : "1/2:1", "runner-s" + index, attempt,
                            index == 0 ? "finished" : "interrupted", "interrupted", index == 0 ? 105 : null,
                            index == 0 ? "{\"total_requests\":100}" : null,
                            index == 0 ? "{\"statusReason\":\"k6 stopped: another segment of the test ended\"}" : null,
                            index == 0 ? "segment 1's runner runner-s1 died" : "its runner stopped renewing the lease")
                    .update();
        }

        JsonNode doc = get(team, "/api/v1/test/results/" + id).json();

        assertThat(doc.get("request").get("runners").asInt()).isEqualTo(2);
        JsonNode segments = doc.get("segments");
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).get("segment").asString()).isEqualTo("0:1/2");
        assertThat(segments.get(0).get("runner").get("id").asString()).isEqualTo("runner-s0");
        assertThat(segments.get(0).get("status").asString()).isEqualTo("interrupted");
        assertThat(segments.get(0).get("k6_exit_code").asInt()).isEqualTo(105);
        assertThat(segments.get(0).get("metrics").get("total_requests").asInt()).isEqualTo(100);
        assertThat(segments.get(1).get("k6_exit_code").isNull()).isTrue();
        assertThat(segments.get(0).get("status_reason").asString()).as("the runner's words first")
                .isEqualTo("k6 stopped: another segment of the test ended");
        assertThat(segments.get(1).get("status_reason").asString()).as("no result: why it was stopped")
                .isEqualTo("its runner stopped renewing the lease");
        assertThat(doc.get("notes").get(0).asString()).contains("setup() and teardown() ran once in each segment");
    }

    /** Each segment's runner writes its own progress; the test's is their sum, never the last writer's half. */
    @Test
    void aRunningTestOnTwoRunnersShowsTheSumOfItsSegmentsProgress() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "split-live", "running", Instant.now());
        UUID attempt = UUID.randomUUID();
        jdbc.sql("UPDATE runs SET runners = 2, runner_id = 'runner-s0', attempt_id = ?, started_at = now() WHERE id = ?")
                .params(attempt, id).update();
        String[] progress = {
                "{\"elapsedSeconds\":12.5,\"requests\":1200,\"failedRequests\":3,\"vus\":5,\"updatedAt\":\"2026-12-03T18:00:10Z\"}",
                "{\"elapsedSeconds\":12.0,\"requests\":1100,\"failedRequests\":1,\"vus\":5,\"updatedAt\":\"2026-12-03T18:00:09Z\"}"};
        for (int index = 0; index < 2; index++) {
            jdbc.sql("""
                    INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, start_at,
                                              k6_started_at, lease_expires_at, progress)
                    VALUES (?, ?, ?, '0,1/2,1', ?, ?, 'running', now(), now(), now(), CAST(? AS jsonb))""")
                    .params(id, index, index == 0 ? "0:1/2" : "1/2:1", "runner-s" + index, attempt, progress[index])
                    .update();
        }

        JsonNode doc = get(team, "/api/v1/test/results/" + id).json();

        JsonNode total = doc.get("progress");
        assertThat(total.get("requests").asLong()).isEqualTo(2300);
        assertThat(total.get("failed_requests").asLong()).isEqualTo(4);
        assertThat(total.get("vus").asInt()).isEqualTo(10);
        assertThat(total.get("elapsed_seconds").asDouble()).isEqualTo(12.5);
        assertThat(Instant.parse(total.get("updated_at").asString())).as("as fresh as its stalest part")
                .isEqualTo(Instant.parse("2026-12-03T18:00:09Z"));
        assertThat(doc.get("segments").get(1).get("progress").get("requests").asLong()).isEqualTo(1100);
        assertThat(doc.get("segments").get(0).has("status_reason")).as("running: no reason").isFalse();

        jdbc.sql("UPDATE runs SET status = 'analyzing' WHERE id = ?").param(id).update();
        JsonNode ended = get(team, "/api/v1/test/results/" + id).json();
        assertThat(ended.path("progress").isNull() || ended.path("progress").isMissingNode()).as("live figures only while it runs").isTrue();
        assertThat(ended.get("segments").get(0).has("progress")).isFalse();
    }

    @Test
    void aSingleRunHasNeitherSegmentsNorNotes() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "single", "completed", Instant.now());

        JsonNode doc = get(team, "/api/v1/test/results/" + id).json();

        assertThat(doc.get("request").get("runners").asInt()).isEqualTo(1);
        assertThat(doc.has("segments")).isFalse();
        assertThat(doc.has("notes")).isFalse();
    }

    @Test
    void aQueuedRunShowsItsPlaceInTheQueueWhichMovesAsRunsAheadStart() {
        emptyTheQueue();
        Team team = newTeam(20);
        Instant longAgo = Instant.parse("2000-01-01T00:00:00Z");
        UUID first = Seeds.run(jdbc, team.id(), "queued", "queued", longAgo);
        UUID second = Seeds.run(jdbc, team.id(), "queued", "queued", longAgo.plusSeconds(1));
        UUID third = Seeds.run(jdbc, team.id(), "queued", "queued", longAgo.plusSeconds(1));
        UUID[] tied = second.toString().compareTo(third.toString()) < 0 ? new UUID[] {second, third} : new UUID[] {third, second};

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(positionOf(team, first)).isEqualTo(1);
            assertThat(positionOf(team, tied[0])).as("same time: the smaller id first, as Postgres orders uuids").isEqualTo(2);
            assertThat(positionOf(team, tied[1])).isEqualTo(3);
        });
        jdbc.sql("UPDATE runs SET status = 'running' WHERE id = ?").param(first).update();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(positionOf(team, tied[1])).isEqualTo(2));
        assertThat(get(team, "/api/v1/test/results/" + first).json().get("queue_position").isNull()).isTrue();
    }

    private long positionOf(Team team, UUID run) {
        return get(team, "/api/v1/test/results/" + run).json().get("queue_position").asLong();
    }

    @Test
    void aRunningRunShowsLiveProgressAndAnalysisIsNullBeforehand() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "live", "running", Instant.now());
        jdbc.sql("UPDATE runs SET progress = CAST(? AS jsonb) WHERE id = ?").params(
                "{\"elapsedSeconds\":3.5,\"requests\":40,\"failedRequests\":2,\"vus\":4,\"updatedAt\":\"2026-11-24T00:00:00Z\"}", id).update();

        JsonNode doc = get(team, "/api/v1/test/results/" + id).json();

        assertThat(doc.get("progress").get("elapsed_seconds").asDouble()).isEqualTo(3.5);
        assertThat(doc.get("progress").get("failed_requests").asInt()).isEqualTo(2);
        assertThat(doc.get("progress").get("updated_at").asString()).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(doc.get("metrics").isNull()).isTrue();
        assertThat(doc.get("anomaly_analysis").isNull()).isTrue();
        assertThat(doc.get("queue_position").isNull()).isTrue();
    }

    @Test
    void anotherTeamsRunIsNotFoundAndListsAreScoped() {
        Team owner = newTeam(20);
        Team other = newTeam(20);
        UUID id = submitOk(owner, "{\"script\":\"x\"}");

        Answer answer = get(other, "/api/v1/test/results/" + id);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(send("POST", "/api/v1/test/results/" + id + "/cancel", other.key(), null).status()).isEqualTo(404);
        assertThat(get(other, "/api/v1/test/history").json().get("tests")).isEmpty();
        assertThat(get(owner, "/api/v1/test/history").json().get("tests")).hasSize(1);
        assertThat(get(owner, "/api/v1/test/results/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void historyPagesByCursorWithoutDuplicatesOrGapsWhileNewRunsArrive() {
        Team team = newTeam(1000);
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS);
        Set<UUID> old = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            // pairs share a timestamp, so the id must break ties
            old.add(Seeds.run(jdbc, team.id(), "n", "completed", base.plusSeconds(i / 2)));
        }
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(team, "/api/v1/test/history?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("tests").forEach(test -> seen.add(UUID.fromString(test.get("test_id").asString())));
            submitOk(team, "{\"script\":\"x\"}");
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
            pages++;
        } while (cursor != null && pages < 50);

        assertThat(seen).doesNotHaveDuplicates().containsAll(old);
        assertThat(seen.stream().filter(old::contains).count()).isEqualTo(40);
    }

    @Test
    void searchAppliesEveryFilter() {
        Team team = newTeam(1000);
        Instant now = Instant.now();
        UUID slowBad = Seeds.run(jdbc, team.id(), "api", "completed", now.minusSeconds(30));
        Seeds.summary(jdbc, slowBad, true, "critical", 3000, 5000, 12.5);
        UUID fast = Seeds.run(jdbc, team.id(), "api", "completed", now.minusSeconds(20));
        Seeds.summary(jdbc, fast, false, "none", 100, 200, 0.0);
        UUID failed = Seeds.run(jdbc, team.id(), "web", "failed", now.minusSeconds(10));
        jdbc.sql("UPDATE runs SET tags = '{\"env\":\"staging\",\"team\":\"web\"}' WHERE id = ?").param(failed).update();
        UUID ancient = Seeds.run(jdbc, team.id(), "api", "completed", now.minus(3, ChronoUnit.DAYS));

        assertThat(ids(team, "anomalies_only=true")).containsExactly(slowBad);
        assertThat(ids(team, "min_error_rate=5")).containsExactly(slowBad);
        assertThat(ids(team, "max_response_time=2000")).containsExactly(fast);
        assertThat(ids(team, "name=api")).containsExactly(fast, slowBad, ancient);
        assertThat(ids(team, "status=failed")).containsExactly(failed);
        assertThat(ids(team, "status=failed,completed&name=web")).containsExactly(failed);
        assertThat(ids(team, "tag=env:staging&tag=team:web")).containsExactly(failed);
        assertThat(ids(team, "tag=env:prod")).containsExactly(fast, slowBad, ancient);
        assertThat(ids(team, "since=" + now.minus(1, ChronoUnit.DAYS))).containsExactly(failed, fast, slowBad);
        assertThat(ids(team, "until=" + now.minus(1, ChronoUnit.DAYS))).containsExactly(ancient);
        assertThat(ids(team, "name=api&anomalies_only=false&limit=1")).containsExactly(fast);
        JsonNode summary = get(team, "/api/v1/test/search?anomalies_only=true").json().get("tests").get(0);
        assertThat(summary.get("severity").asString()).isEqualTo("critical");
        assertThat(summary.get("p95_response_time_ms").asDouble()).isEqualTo(5000);
        assertThat(summary.get("error_rate").asDouble()).isEqualTo(12.5);
    }

    @Test
    void badQueryParametersAreNamed() {
        Team team = newTeam(20);
        assertBadParameter(team, "/api/v1/test/history?limit=0", "limit");
        assertBadParameter(team, "/api/v1/test/history?limit=501", "limit");
        assertBadParameter(team, "/api/v1/test/history?limit=ten", "limit");
        assertBadParameter(team, "/api/v1/test/history?cursor=garbage", "cursor");
        assertBadParameter(team, "/api/v1/test/search?status=done", "status");
        assertBadParameter(team, "/api/v1/test/search?min_error_rate=-1", "min_error_rate");
        assertBadParameter(team, "/api/v1/test/search?since=yesterday", "since");
        assertBadParameter(team, "/api/v1/test/search?tag=novalue", "tag");
        assertBadParameter(team, "/api/v1/test/search?anomaly_only=true", "anomaly_only");
        assertBadParameter(team, "/api/v1/test/statistics?days=0", "days");
        assertThat(get(team, "/api/v1/test/results/not-a-uuid").status()).isEqualTo(400);
    }

    private void assertBadParameter(Team team, String path, String parameter) {
        Answer answer = get(team, path);
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("parameter").asString()).as(path).isEqualTo(parameter);
    }

    @Test
    void tagSearchPagesByCursorThroughTheTaggedRunsOnly() {
        Team team = newTeam(1000);
        Instant now = Instant.now();
        List<UUID> staging = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID tagged = Seeds.run(jdbc, team.id(), "api", "completed", now.minusSeconds(100 - i * 10));
            jdbc.sql("UPDATE runs SET tags = '{\"env\":\"staging\"}' WHERE id = ?").param(tagged).update();
            staging.addFirst(tagged);
            Seeds.run(jdbc, team.id(), "api", "completed", now.minusSeconds(95 - i * 10));
        }

        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(team, "/api/v1/test/search?tag=env:staging&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("tests").forEach(test -> seen.add(UUID.fromString(test.get("test_id").asString())));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(staging);
        assertThat(ids(team, "tag=env:staging&since=" + now.minusSeconds(75) + "&until=" + now.minusSeconds(65)))
                .containsExactly(staging.get(1));
    }

    private List<UUID> ids(Team team, String query) {
        Answer answer = get(team, "/api/v1/test/search?" + query);
        assertThat(answer.status()).as(query + ": " + answer.raw().body()).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        answer.json().get("tests").forEach(test -> ids.add(UUID.fromString(test.get("test_id").asString())));
        return ids;
    }
}
