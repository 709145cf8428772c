package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntakeTest extends GatewayIntegrationTest {

    private static final String SCRIPT = "export default function () {}";

    @Test
    void acceptsARunAnswers202WithLocationAndQueuePositionAndPublishesIt() {
        Team team = newTeam(20);
        Answer answer = submit(team, "{\"script\":\"" + SCRIPT + "\",\"name\":\"checkout\",\"vus\":5,\"duration\":\"1m30s\","
                + "\"env\":{\"BASE_URL\":\"http://secret.example\"},\"tags\":{\"team\":\"payments\"},\"timeout\":\"15m\"}");

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().get("test_id").asString();
        assertThat(answer.header("Location")).isEqualTo("/api/v1/test/results/" + id);
        assertThat(answer.json().get("status").asString()).isEqualTo("queued");
        assertThat(answer.json().get("queue_position").asLong()).isPositive();
        assertThat(answer.json().get("submitted_at").asString()).endsWith("Z");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT published_at IS NOT NULL FROM runs WHERE id = ?").param(UUID.fromString(id)).query(Boolean.class).single()).isTrue());
        var row = jdbc.sql("SELECT timeout_seconds, duration, vus, env->>'BASE_URL' AS base FROM runs WHERE id = ?")
                .param(UUID.fromString(id)).query().singleRow();
        assertThat(row).containsEntry("timeout_seconds", 900).containsEntry("duration", "1m30s").containsEntry("vus", 5)
                .containsEntry("base", "http://secret.example");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON            | {"script": "x",                         | 400 | #/
            not an object             | [1,2]                                   | 400 | #
            no script                 | {"name":"a"}                            | 400 | #/script
            blank script              | {"script":"  "}                         | 400 | #/script
            negative vus              | {"script":"x","vus":-1}                 | 400 | #/vus
            too many vus              | {"script":"x","vus":101}                | 422 | #/vus
            vus not a number          | {"script":"x","vus":"many"}             | 400 | #/vus
            fractional vus            | {"script":"x","vus":1.5}                | 400 | #/vus
            env value not a string    | {"script":"x","env":{"A":{"b":1}}}      | 400 | #/env
            too many iterations       | {"script":"x","iterations":1001}        | 422 | #/iterations
            unparseable duration      | {"script":"x","duration":"abc"}         | 400 | #/duration
            zero duration             | {"script":"x","duration":"0s"}          | 400 | #/duration
            duration over maximum     | {"script":"x","duration":"2h"}          | 422 | #/duration
            reserved env name         | {"script":"x","env":{"K6_OUT":"v"}}     | 400 | #/env/K6_OUT
            remote module             | {"script":"import 'https://a.b/c.js'"}  | 422 | #/script
            timeout over maximum      | {"script":"x","timeout":"3h"}           | 400 | #/timeout
            bad timeout               | {"script":"x","timeout":"soon"}         | 400 | #/timeout
            bad env name              | {"script":"x","env":{"1BAD":"v"}}       | 400 | #/env/1BAD
            bad tag key               | {"script":"x","tags":{"a b":"v"}}       | 400 | #/tags/a b
            unknown field             | {"script":"x","vu":3}                   | 400 | #/vu
            script too large          | {"script":"%BIG%"}                      | 413 | #/script
            zero runners              | {"script":"x","runners":0}              | 400 | #/runners
            runners over maximum      | {"script":"x","runners":9}              | 400 | #/runners
            runners not a number      | {"script":"x","runners":"two"}          | 400 | #/runners
            """)
    void refusesBadInputPreciselyAndStoresNothing(String caseName, String body, int status, String pointer) {
        Team team = newTeam(20);
        Answer answer = submit(team, body.replace("%BIG%", "x".repeat(2001)));

        assertThat(answer.status()).as(caseName).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
        assertThat(answer.json().get("errors").get(0).get("pointer").asString()).startsWith(pointer);
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void aRunOnSeveralRunnersStoresHowManyAndASingleRunStoresOne() {
        Team team = newTeam(20);
        String split = submit(team, "{\"script\":\"x\",\"vus\":4,\"iterations\":200,\"runners\":2}").json().get("test_id").asString();
        String single = submit(team, "{\"script\":\"x\"}").json().get("test_id").asString();

        assertThat(jdbc.sql("SELECT runners FROM runs WHERE id = ?").param(UUID.fromString(split)).query(Integer.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT runners FROM runs WHERE id = ?").param(UUID.fromString(single)).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void theTeamsVuLimitAppliesToTheWholeTestNotToEachSegment() {
        Team team = newTeam(20);
        Answer answer = submit(team, "{\"script\":\"x\",\"vus\":101,\"runners\":2}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("errors").get(0).get("pointer").asString()).isEqualTo("#/vus");
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() {
        Team team = newTeam(20);
        Answer answer = submit(team, "{\"script\":\"" + "x".repeat(300_000) + "\"}");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("detail").asString()).contains("2000 bytes");
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void badWaitAndIdempotencyKeyAreRefusedAndStoreNothing() {
        Team team = newTeam(20);
        Answer wait = send("POST", "/api/v1/test/run?wait=301", team.key(), "{\"script\":\"x\"}");
        Answer key = submit(team, "{\"script\":\"x\"}", "Idempotency-Key", "x".repeat(300));

        assertThat(wait.status()).isEqualTo(400);
        assertThat(wait.json().get("errors").get(0).get("parameter").asString()).isEqualTo("wait");
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.json().get("errors").get(0).get("header").asString()).isEqualTo("Idempotency-Key");
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstRun() {
        Team team = newTeam(20);
        String body = "{\"script\":\"x\",\"name\":\"checkout\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}";
        Answer first = submit(team, body, "Idempotency-Key", "order-42");
        Answer retry = submit(team, "{\"name\":\"checkout\",\"tags\":{\"b\":\"2\",\"a\":\"1\"},\"script\":\"x\"}",
                "Idempotency-Key", "order-42");
        Answer other = submit(team, body, "Idempotency-Key", "order-43");

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("test_id")).isEqualTo(first.json().get("test_id"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.json().get("test_id")).isNotEqualTo(first.json().get("test_id"));
        assertThat(runsOf(team)).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherRequestIsRefusedAndStoresNothing() {
        Team team = newTeam(20);
        Answer first = submit(team, "{\"script\":\"x\",\"vus\":2}", "Idempotency-Key", "order-44");

        Answer reused = submit(team, "{\"script\":\"x\",\"vus\":3}", "Idempotency-Key", "order-44");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").asString()).endsWith("idempotency-key-reused");
        assertThat(reused.json().get("detail").asString()).contains(first.json().get("test_id").asString());
        assertThat(reused.json().get("errors").get(0).get("header").asString()).isEqualTo("Idempotency-Key");
        assertThat(runsOf(team)).isEqualTo(1);
    }

    @Test
    void submissionsBeyondTheRunningLimitAreQueuedNotRefused() throws Exception {
        Team team = newTeam("\"max_running_runs\":2,\"max_queued_runs\":100");
        Seeds.run(jdbc, team.id(), "holds a slot", "running", java.time.Instant.now());
        Seeds.run(jdbc, team.id(), "holds a slot", "running", java.time.Instant.now());

        assertThat(statusesOf(team, 40, "{\"script\":\"x\"}")).hasSize(40).containsOnly(202);
        assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ? AND status = 'queued'").param(team.id())
                .query(Long.class).single()).isEqualTo(40);
    }

    @Test
    void aFullBacklogAnswers429WithRetryAfterNamingMaxQueuedRunsAndAStartedRunFreesItsSlot() {
        Team team = newTeam(2);
        submitOk(team, "{\"script\":\"x\"}");
        UUID second = submitOk(team, "{\"script\":\"x\"}");

        Answer refused = submit(team, "{\"script\":\"x\"}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("10");
        assertThat(refused.json().get("type").asString()).endsWith("backlog-full");
        assertThat(refused.json().get("detail").asString()).contains("2 runs queued").contains("max_queued_runs is 2");
        assertThat(runsOf(team)).isEqualTo(2);

        jdbc.sql("UPDATE runs SET status = 'running' WHERE id = ?").param(second).update();
        assertThat(submit(team, "{\"script\":\"x\"}").status()).as("a running run holds no backlog slot").isEqualTo(202);
    }

    @Test
    void concurrentSubmissionsNeverOvershootTheBacklog() throws Exception {
        Team team = newTeam(5);
        assertThat(statusesOf(team, 20, "{\"script\":\"x\"}")).filteredOn(status -> status == 202).hasSize(5);
        assertThat(runsOf(team)).isEqualTo(5);
    }

    @Test
    void racingSubmissionsFillTheBacklogExactlyEachQueuedRunHoldingItsOwnSlot() throws Exception {
        Team team = newTeam(12);
        assertThat(statusesOf(team, 12, "{\"script\":\"x\"}")).containsOnly(202);

        assertThat(submit(team, "{\"script\":\"x\"}").status()).isEqualTo(429);
        assertThat(jdbc.sql("SELECT count(DISTINCT queue_slot) FROM runs WHERE team_id = ? AND queue_slot BETWEEN 0 AND 11")
                .param(team.id()).query(Long.class).single()).isEqualTo(12);
    }

    @Test
    void theTeamsQueuedAndRunningCountsAgreeWithItsRunsAfterRacingSubmissionsStartsCancelsAndDeletes() throws Exception {
        Team team = newTeam(1000);
        assertThat(statusesOf(team, 40, "{\"script\":\"x\"}")).containsOnly(202);
        // the relay marks the new runs published in its own order: a multi-row update racing it can deadlock
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM runs WHERE team_id = ? AND published_at IS NULL").param(team.id()).query(Long.class).single() == 0);
        jdbc.sql("UPDATE runs SET status = 'running' WHERE id IN (SELECT id FROM runs WHERE team_id = ? AND status = 'queued' LIMIT 7)")
                .param(team.id()).update();
        jdbc.sql("UPDATE runs SET status = 'cancelled' WHERE id IN (SELECT id FROM runs WHERE team_id = ? AND status = 'queued' LIMIT 5)")
                .param(team.id()).update();
        jdbc.sql("DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE team_id = ? AND status = 'running' LIMIT 2)")
                .param(team.id()).update();

        String counted = "SELECT coalesce(sum(queued), 0) || '/' || coalesce(sum(running), 0) FROM queue_counts WHERE team_id = ?";
        String actual = "SELECT count(*) FILTER (WHERE status = 'queued') || '/' || count(*) FILTER (WHERE status = 'running')"
                + " FROM runs WHERE team_id = ?";
        assertThat(jdbc.sql(counted).param(team.id()).query(String.class).single())
                .isEqualTo(jdbc.sql(actual).param(team.id()).query(String.class).single()).isEqualTo("28/5");
    }

    @Test
    void racingSubmissionsWithOneIdempotencyKeyStoreOneRun() throws Exception {
        Team team = newTeam(20);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Answer>>();
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(() -> submit(team, "{\"script\":\"x\"}", "Idempotency-Key", "deploy-7")));
            }
            var ids = new java.util.HashSet<String>();
            for (var answer : answers) {
                assertThat(answer.get().status()).isEqualTo(202);
                ids.add(answer.get().json().get("test_id").asString());
            }
            assertThat(ids).hasSize(1);
        }
        assertThat(runsOf(team)).isEqualTo(1);
    }

    @Test
    void loweringTheBacklogBelowTheQueuedRunsRefusesNothingAcceptedAndNewRunsOnlyUntilItIsBelow() {
        Team team = newTeam(3);
        UUID first = submitOk(team, "{\"script\":\"x\"}");
        UUID second = submitOk(team, "{\"script\":\"x\"}");
        UUID third = submitOk(team, "{\"script\":\"x\"}");
        assertThat(send("POST", "/admin/teams", ADMIN_TOKEN, "{\"id\":\"" + team.id() + "\",\"max_queued_runs\":1}").status())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ? AND status = 'queued'").param(team.id())
                .query(Long.class).single()).as("every accepted run still queued").isEqualTo(3);

        jdbc.sql("UPDATE runs SET status = 'cancelled' WHERE id = ?").param(first).update();
        assertThat(submit(team, "{\"script\":\"x\"}").status()).as("2 queued, max_queued_runs 1").isEqualTo(429);
        jdbc.sql("UPDATE runs SET status = 'cancelled' WHERE id = ?").param(second).update();
        assertThat(submit(team, "{\"script\":\"x\"}").status()).as("1 queued, max_queued_runs 1").isEqualTo(429);
        jdbc.sql("UPDATE runs SET status = 'running' WHERE id = ?").param(third).update();
        assertThat(submit(team, "{\"script\":\"x\"}").status()).isEqualTo(202);
    }

    @Test
    void loweringTheRunningLimitBelowTheRunningRunsRefusesNothingAndStopsNothing() {
        Team team = newTeam("\"max_running_runs\":3,\"max_queued_runs\":10");
        for (int i = 0; i < 3; i++) {
            Seeds.run(jdbc, team.id(), "running", "running", java.time.Instant.now());
        }
        assertThat(send("POST", "/admin/teams", ADMIN_TOKEN, "{\"id\":\"" + team.id() + "\",\"max_running_runs\":1}").status())
                .isEqualTo(200);

        assertThat(submit(team, "{\"script\":\"x\"}").status()).isEqualTo(202);
        assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ? AND status = 'running'").param(team.id())
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void aQueuedRunAboveALoweredBacklogsSlotsIsCountedNotRefusedOutright() {
        Team team = newTeam(3);
        UUID queued = submitOk(team, "{\"script\":\"x\"}");
        jdbc.sql("UPDATE runs SET queue_slot = 2 WHERE id = ?").param(queued).update();
        jdbc.sql("UPDATE teams SET max_queued_runs = 2 WHERE id = ?").param(team.id()).update();

        assertThat(submit(team, "{\"script\":\"x\"}").status()).as("1 queued run (slot 2), backlog 2").isEqualTo(202);
        Answer refused = submit(team, "{\"script\":\"x\"}");
        assertThat(refused.status()).as("2 queued runs, backlog 2").isEqualTo(429);
        assertThat(refused.json().get("detail").asString()).contains("has 2 runs queued; its max_queued_runs is 2");
    }

    @Test
    void theDatabaseRefusesAQueuedRunWithoutABacklogSlot() {
        Team team = newTeam(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at)
                VALUES (gen_random_uuid(), ?, 'written by another tool', 'queued', 'x', 60, now())""").param(team.id()).update())
                .hasMessageContaining("runs_queued_hold_a_slot");
        assertThat(runsOf(team)).isZero();
    }

    private java.util.List<Integer> statusesOf(Team team, int submissions, String body) throws Exception {
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Answer>>();
            for (int i = 0; i < submissions; i++) {
                answers.add(threads.submit(() -> submit(team, body)));
            }
            var statuses = new java.util.ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get().status());
            }
            return statuses;
        }
    }

    @Test
    void waitReturnsTheFullDocumentWhenTheRunEndsInTime() throws Exception {
        Team team = newTeam(20);
        Thread fakeRunner = Thread.ofVirtual().start(() -> finishFirstQueuedRunOf(team));

        Answer answer = send("POST", "/api/v1/test/run?wait=20", team.key(), "{\"script\":\"x\"}");
        fakeRunner.join(Duration.ofSeconds(20));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("completed");
        assertThat(answer.json().get("metrics").get("p95_response_time_ms").asDouble()).isEqualTo(25.2);
    }

    @Test
    void waitAnswers202WhenTheRunIsStillGoing() {
        Team team = newTeam(20);
        Answer answer = send("POST", "/api/v1/test/run?wait=1", team.key(), "{\"script\":\"x\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("status").asString()).isEqualTo("queued");
    }

    private void finishFirstQueuedRunOf(Team team) {
        UUID id = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(
                () -> jdbc.sql("SELECT id FROM runs WHERE team_id = ?").param(team.id()).query(UUID.class).optional().orElse(null),
                found -> found != null);
        // the result before the status, as the analyzer commits them together: a waiter that sees the run ended
        // must find its metrics
        jdbc.sql("INSERT INTO run_results (run_id, attempt_id, outcome, metrics) VALUES (?, ?, 'completed', CAST(? AS jsonb))")
                .params(id, UUID.randomUUID(), "{\"p95_response_time_ms\": 25.2}").update();
        jdbc.sql("UPDATE runs SET status = 'completed', started_at = now(), finished_at = now() WHERE id = ?").param(id).update();
    }
}
