package dev.k6runner.analyzer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.RunSeeder;
import dev.k6runner.analyzer.sweep.StuckAnalysisSweeper;
import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Segment;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.TestInfrastructure;

/** The whole service on a real embedded broker and Postgres, seeded as the runner would leave a run. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "k6runner.analyzer.intake.max-retries=1",
        "k6runner.analyzer.intake.initial-interval=100ms",
        "k6runner.analyzer.sweeper.interval=1h",
        "k6runner.analyzer.sweeper.stuck-after=2m",
        "k6runner.analyzer.merged-abort.interval=200ms",
        "k6runner.analyzer.gemini.api-key="})
class AnalyzerWorkerIntegrationTest {

    private static AdminClient admin;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @BeforeAll
    static void connect() {
        admin = AdminClient.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Autowired JdbcClient jdbc;
    @Autowired EventCodec codec;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired KafkaPlatformProperties kafkaProperties;
    @Autowired StuckAnalysisSweeper sweeper;
    @Autowired MeterRegistry registry;
    @LocalServerPort int port;
    @LocalManagementPort int managementPort;

    private RunSeeder seeder() {
        return new RunSeeder(jdbc, codec);
    }

    @Test
    void finishesARunAndADuplicateLeavesTheSameRows() {
        RunFinished event = seeder().analyzing("checkout", RunStatus.COMPLETED, 0, null, Fixtures.summary("mixed-errors"),
                "", Fixtures.digest(Fixtures.healthyTimeline(), List.of()), Instant.now());
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(event.runId()).equals("completed"));

        Map<String, Object> run = jdbc.sql("SELECT * FROM runs WHERE id = ?").param(event.runId()).query().singleRow();
        assertThat(run.get("has_anomalies")).isEqualTo(true);
        assertThat(run.get("severity")).isEqualTo("critical");
        assertThat(run.get("error_rate")).isEqualTo(0.44696969696969696 * 100);
        assertThat(run.get("total_requests")).isEqualTo(264L);
        assertThat(run.get("vus_max")).isEqualTo(4);
        assertThat(run.get("finished_at")).isNotNull();
        String metrics = jdbc.sql("SELECT metrics::text FROM run_results WHERE run_id = ?").param(event.runId()).query(String.class).single();
        assertThat(metrics).contains("\"avg_response_time_ms\"").contains("\"failed_requests\": 118").contains("\"p99_response_time_ms\": null");
        String analysis = jdbc.sql("SELECT analysis::text FROM run_results WHERE run_id = ?").param(event.runId()).query(String.class).single();
        assertThat(analysis).contains("\"has_anomalies\": true").contains("\"severity\": \"critical\"")
                .contains("\"analyzer\": \"rules\"").contains("\"recommendation\"");
        String before = snapshot(event.runId());

        publish(event);
        awaitConsumed();
        assertThat(snapshot(event.runId())).isEqualTo(before);
        assertThat(registry.counter("k6runner_runs_finished_total", "status", "completed", "team", "default").count()).isPositive();
    }

    @Test
    void theEndOfATestOnTwoRunnersMergesBothSegmentsBeforeTheAnalysis() {
        RunFinished seeded = seeder().analyzing("split", RunStatus.COMPLETED, 0, null, null, "", null, Instant.now());
        jdbc.sql("UPDATE runs SET runners = 2 WHERE id = ?").param(seeded.runId()).update();
        for (int index = 0; index < 2; index++) {
            Segment segment = new Segment(index, 2, index == 0 ? "0:1/2" : "1/2:1", "0,1/2,1");
            RunFinished result = new RunFinished(seeded.runId(), seeded.attemptId(), "runner-" + index, RunStatus.COMPLETED,
                    null, 0, Fixtures.resource("/recordings/execution-segments/segment-" + index + "/summary-export.json"),
                    "", null, seeded.startedAt(), seeded.finishedAt(), segment);
            jdbc.sql("""
                    INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, outcome,
                                              k6_exit_code, result, start_at, lease_expires_at, finished_at)
                    VALUES (?, ?, ?, '0,1/2,1', ?, ?, 'finished', 'completed', 0, CAST(? AS jsonb), now(), now(), now())""")
                    .params(seeded.runId(), index, segment.executionSegment(), "runner-" + index, seeded.attemptId(),
                            codec.encode(result))
                    .update();
        }

        publish(seeded.asSegment(new Segment(0, 2, "0:1/2", "0,1/2,1")));

        await().atMost(Duration.ofSeconds(30)).until(() -> status(seeded.runId()).equals("completed"));
        String merged = jdbc.sql("SELECT raw_summary FROM run_results WHERE run_id = ?").param(seeded.runId())
                .query(String.class).single();
        assertThat(merged).contains("\"iterations\"");
        assertThat(jdbc.sql("SELECT total_requests FROM runs WHERE id = ?").param(seeded.runId()).query(Long.class).single())
                .isEqualTo(200L);
        assertThat(jdbc.sql("SELECT count(*) FROM run_segments WHERE run_id = ? AND metrics IS NOT NULL")
                .param(seeded.runId()).query(Long.class).single()).isEqualTo(2L);
    }

    /** Each segment did 100 iterations and passes count<150 alone; merged, 200 cross it: every segment is stopped. */
    @Test
    void aThresholdWithAbortOnFailCrossedOnlyOnTheMergedDataStopsEverySegmentOfTheTest() {
        UUID crossing = runningOnTwoRunners(new LiveThresholds.AbortOnFail("iterations", "count<150", 1));
        UUID passing = runningOnTwoRunners(new LiveThresholds.AbortOnFail("iterations", "count<250", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM run_segments WHERE run_id = ? AND stopped_by_thresholds").param(crossing)
                .query(Long.class).single() == 2);
        assertThat(jdbc.sql("SELECT DISTINCT stop_reason FROM run_segments WHERE run_id = ?").param(crossing)
                .query(String.class).list())
                .containsExactly("thresholds crossed on the test's merged data (abortOnFail): iterations: count<150");
        assertThat(jdbc.sql("SELECT count(*) FROM run_segments WHERE run_id = ? AND stop_reason IS NOT NULL")
                .param(passing).query(Long.class).single()).as("200 < 250: nothing to stop").isZero();
    }

    /** A test stopped so ends as one k6 does when it aborts on a threshold: completed, exit 99, saying why. */
    @Test
    void aTestStoppedOnItsMergedThresholdsEndsWithK6sExitCodeForThresholds() {
        RunFinished seeded = seeder().analyzing("split-aborted", RunStatus.COMPLETED, 105, null, null, "", null, Instant.now());
        jdbc.sql("UPDATE runs SET runners = 2 WHERE id = ?").param(seeded.runId()).update();
        String why = "thresholds crossed on the test's merged data (abortOnFail): iterations: count<150";
        for (int index = 0; index < 2; index++) {
            Segment segment = new Segment(index, 2, index == 0 ? "0:1/2" : "1/2:1", "0,1/2,1");
            RunFinished result = new RunFinished(seeded.runId(), seeded.attemptId(), "runner-" + index, RunStatus.COMPLETED,
                    "test run was aborted because k6 received a 'terminated' signal: " + why, 105,
                    Fixtures.resource("/recordings/execution-segments/segment-" + index + "/summary-export.json"),
                    "", null, seeded.startedAt(), seeded.finishedAt(), segment);
            jdbc.sql("""
                    INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, outcome,
                                              k6_exit_code, result, start_at, lease_expires_at, finished_at, stop_reason,
                                              stopped_by_thresholds)
                    VALUES (?, ?, ?, '0,1/2,1', ?, ?, 'finished', 'completed', 105, CAST(? AS jsonb), now(), now(), now(), ?, true)""")
                    .params(seeded.runId(), index, segment.executionSegment(), "runner-" + index, seeded.attemptId(),
                            codec.encode(result), why)
                    .update();
        }

        publish(seeded.asSegment(new Segment(0, 2, "0:1/2", "0,1/2,1")));

        await().atMost(Duration.ofSeconds(30)).until(() -> status(seeded.runId()).equals("completed"));
        Map<String, Object> run = jdbc.sql("SELECT k6_exit_code, status_reason FROM runs WHERE id = ?").param(seeded.runId())
                .query().singleRow();
        assertThat(run.get("k6_exit_code")).isEqualTo(99);
        assertThat(run.get("status_reason")).isEqualTo(why);
    }

    /** A running test on two runners whose segments published 100 iterations each, with this abortOnFail threshold. */
    private UUID runningOnTwoRunners(LiveThresholds.AbortOnFail threshold) {
        UUID runId = UUID.randomUUID();
        UUID attempt = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, started_at, published_at,
                                  runner_id, attempt_id, runners)
                VALUES (?, 'default', 'abort', 'running', 'x', 600, now(), now(), now(), 'runner-0', ?, 2)""")
                .params(runId, attempt).update();
        MetricFold iterations = new MetricFold("iterations", "counter", "default", List.of(), 100, 100, 1, 1, 1, 0, 100, null);
        String live = codec.encode(new LiveThresholds(List.of(threshold), List.of(iterations)));
        for (int index = 0; index < 2; index++) {
            jdbc.sql("""
                    INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, start_at,
                                              k6_started_at, lease_expires_at, live_thresholds)
                    VALUES (?, ?, ?, '0,1/2,1', ?, ?, 'running', now(), now() - interval '5 seconds',
                            now() + interval '1 minute', CAST(? AS jsonb))""")
                    .params(runId, index, index == 0 ? "0:1/2" : "1/2:1", "runner-" + index, attempt, live).update();
        }
        return runId;
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextMessageIsProcessed() {
        RunFinished next = seeder().analyzing("after-poison", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"),
                "", null, Instant.now());
        String key = next.runId().toString();
        kafka.send(Topic.Names.RUNS_FINISHED, key, "{ this is not json");
        String impossible = codec.encode(new RunFinished(next.runId(), next.attemptId(), "r", RunStatus.RUNNING, null, 0,
                null, null, null, null, null));
        kafka.send(Topic.Names.RUNS_FINISHED, key, impossible);
        publish(next);

        await().atMost(Duration.ofSeconds(30)).until(() -> status(next.runId()).equals("completed"));
        Map<String, String> reasons = deadLetterReasons(key, 2);
        assertThat(reasons).containsEntry("{ this is not json", "unreadable").containsEntry(impossible, "impossible_content");
        assertThat(registry.counter("k6runner_dead_letters_total", "reason", "unreadable").count()).isPositive();
        assertThat(registry.counter("k6runner_dead_letters_total", "reason", "impossible_content").count()).isPositive();
    }

    @Test
    void resultsOfAnotherAttemptAndUnknownRunsAreSkipped() {
        RunFinished event = seeder().analyzing("attempts", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"),
                "", null, Instant.now());
        publish(new RunFinished(event.runId(), UUID.randomUUID(), "r", RunStatus.COMPLETED, null, 0, event.rawSummary(),
                "", null, null, null));
        publish(new RunFinished(UUID.randomUUID(), UUID.randomUUID(), "r", RunStatus.COMPLETED, null, 0, null, "", null, null, null));
        awaitConsumed();
        assertThat(status(event.runId())).isEqualTo("analyzing");
        assertThat(jdbc.sql("SELECT count(*) FROM anomalies WHERE run_id = ?").param(event.runId()).query(Long.class).single()).isZero();
    }

    @Test
    void failedRunsKeepTheirMetricsWhenASummaryExists() {
        RunFinished aborted = seeder().analyzing("abort", RunStatus.FAILED, 108, "test aborted: target unhealthy",
                Fixtures.summary("test-abort"), "", null, Instant.now());
        RunFinished syntax = seeder().analyzing("syntax", RunStatus.FAILED, 107, "SyntaxError: Unexpected token", null,
                "", null, Instant.now());
        publish(aborted);
        publish(syntax);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(aborted.runId()).equals("failed") && status(syntax.runId()).equals("failed"));
        assertThat(jdbc.sql("SELECT total_requests FROM runs WHERE id = ?").param(aborted.runId()).query(Long.class).single()).isEqualTo(6L);
        assertThat(jdbc.sql("SELECT status_reason FROM runs WHERE id = ?").param(aborted.runId()).query(String.class).single())
                .isEqualTo("test aborted: target unhealthy");
        assertThat(types(aborted.runId())).contains("k6_error");
        assertThat(jdbc.sql("SELECT metrics::text FROM run_results WHERE run_id = ?").param(syntax.runId())
                .query(String.class).single()).contains("\"avg_response_time_ms\": null").contains("\"total_requests\": null");
        assertThat(jdbc.sql("SELECT thresholds::text FROM run_results WHERE run_id = ?").param(syntax.runId()).query().listOfRows().getFirst().get("thresholds")).isNull();
        assertThat(jdbc.sql("SELECT severity FROM runs WHERE id = ?").param(syntax.runId()).query(String.class).single()).isEqualTo("critical");
    }

    @Test
    void regressionAgainstTheTestsHistoryAndThePinnedBaseline() {
        Instant now = Instant.now();
        for (int i = 1; i <= 3; i++) {
            seeder().completed("search", 100 + i, 90, now.minusSeconds(3600L * i));
        }
        RunFinished event = seeder().analyzing("search", RunStatus.COMPLETED, 0, null, Fixtures.summary("trend-stats-p99"),
                "", null, now);
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(event.runId()).equals("completed"));
        assertThat(types(event.runId())).contains("p95_regression");
        String baseline = jdbc.sql("SELECT analysis->>'baseline' FROM run_results WHERE run_id = ?").param(event.runId()).query(String.class).single();
        assertThat(baseline).contains("\"runs\": 3").contains("\"p95_response_time_ms\": 102").contains("\"pinned\": false");

        UUID pinned = seeder().completed("search", 340, 330, now.minusSeconds(20_000));
        jdbc.sql("INSERT INTO baselines (team_id, name, run_id) VALUES ('default', 'search', ?)").param(pinned).update();
        reanalyze(event.runId());
        assertThat(types(event.runId())).doesNotContain("p95_regression");
        assertThat(jdbc.sql("SELECT analysis->>'baseline' FROM run_results WHERE run_id = ?").param(event.runId()).query(String.class).single())
                .contains("\"pinned\": true").contains(pinned.toString());
    }

    @Test
    void sweeperFinishesRunsWhoseMessageWasLost() {
        RunFinished lost = seeder().analyzing("lost", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"), "", null,
                Instant.now().minusSeconds(600));
        RunFinished fresh = seeder().analyzing("fresh", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"), "", null,
                Instant.now());
        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(status(lost.runId())).isEqualTo("completed");
        assertThat(status(fresh.runId())).isEqualTo("analyzing");
        assertThat(jdbc.sql("SELECT p95_response_time_ms FROM runs WHERE id = ?").param(lost.runId()).query(Double.class).single())
                .isEqualTo(2.0082583499999993);
    }

    @Test
    void reanalysisReplacesMetricsAndAnomaliesButNotTheStatus() {
        RunFinished event = seeder().analyzing("re", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"), "", null, Instant.now());
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(event.runId()).equals("completed"));
        Object finishedAt = jdbc.sql("SELECT finished_at FROM runs WHERE id = ?").param(event.runId()).query().singleValue();
        assertThat(types(event.runId())).isEmpty();

        jdbc.sql("UPDATE run_results SET raw_summary = ? WHERE run_id = ?").param(Fixtures.summary("mixed-errors")).param(event.runId()).update();
        HttpResponse<String> response = reanalyze(event.runId());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(status(event.runId())).isEqualTo("completed");
        assertThat(jdbc.sql("SELECT finished_at FROM runs WHERE id = ?").param(event.runId()).query().singleValue()).isEqualTo(finishedAt);
        assertThat(jdbc.sql("SELECT error_rate FROM runs WHERE id = ?").param(event.runId()).query(Double.class).single())
                .isEqualTo(0.44696969696969696 * 100);
        assertThat(types(event.runId())).contains("high_error_rate", "checks_failed");
        String once = snapshot(event.runId()).replaceAll("\\d{4}-\\d\\d-\\d\\d [0-9:.+]+completed", "completed");
        reanalyze(event.runId());
        // analyzed_at moves on; everything else is the same
        assertThat(snapshot(event.runId()).replaceAll("\\d{4}-\\d\\d-\\d\\d [0-9:.+]+completed", "completed")).isEqualTo(once);

        assertThat(reanalyze(UUID.randomUUID()).statusCode()).isEqualTo(404);
        RunFinished open = seeder().analyzing("open", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"), "", null, Instant.now());
        assertThat(reanalyze(open.runId()).statusCode()).isEqualTo(409);
    }

    @Test
    void statisticsQueryRunsOnTheRows() {
        RunFinished event = seeder().analyzing("stats", RunStatus.COMPLETED, 0, null, Fixtures.summary("arrival-rate"), "", null, Instant.now());
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(event.runId()).equals("completed"));
        Map<String, Long> byType = jdbc.sql("""
                        SELECT type, count(*) AS n FROM anomalies
                        WHERE team_id = 'default' AND submitted_at >= now() - make_interval(days => 7) GROUP BY type""")
                .query((rs, row) -> Map.entry(rs.getString("type"), rs.getLong("n"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(byType).containsKey("dropped_iterations");
        Long withAnomalies = jdbc.sql("SELECT count(*) FROM runs WHERE team_id = 'default' AND has_anomalies AND submitted_at >= now() - interval '7 days'")
                .query(Long.class).single();
        assertThat(withAnomalies).isPositive();
    }

    @Test
    void prometheusShowsTheAnalyzersSeries() {
        RunFinished event = seeder().analyzing("prom", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"), "", null, Instant.now());
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(event.runId()).equals("completed"));
        // the analyzer records a run's series after committing it, so the status can be seen a moment before
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(managementPort, "/actuator/prometheus").body())
                .contains("k6runner_runs_finished_total{application=\"analyzer-worker\"")
                .contains("k6runner_test_p95_milliseconds{application=\"analyzer-worker\",test=\"prom\"}")
                .contains("k6runner_analysis_duration_seconds")
                // registered at zero at start (KnownSeries): Gemini is off here, so this one never moves
                .contains("k6runner_gemini_calls_total{application=\"analyzer-worker\",outcome=\"circuit_open\"} 0"));
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    /** Operators' endpoints live on the management port alone: the API port knows neither them nor the old path. */
    @Test
    void reanalysisAndActuatorAnswerOnlyOnTheManagementPort() {
        RunFinished event = seeder().analyzing("mgmt", RunStatus.COMPLETED, 0, null, Fixtures.summary("basic-get"), "", null, Instant.now());
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(event.runId()).equals("completed"));
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : List.of("/actuator/reanalyze/" + event.runId(), "/internal/runs/" + event.runId() + "/reanalyze")) {
            assertThat(post(port, path).statusCode()).as("POST " + path + " on the API port").isEqualTo(404);
        }
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/prometheus", "/actuator/info")) {
            assertThat(get(port, path).statusCode()).as("GET " + path + " on the API port").isEqualTo(404);
            assertThat(get(managementPort, path).statusCode()).as("GET " + path + " on the management port").isEqualTo(200);
        }
        assertThat(post(managementPort, "/internal/runs/" + event.runId() + "/reanalyze").statusCode()).isEqualTo(404);
        HttpResponse<String> reanalyzed = reanalyze(event.runId());
        assertThat(reanalyzed.statusCode()).isEqualTo(200);
        assertThat(reanalyzed.body()).contains("\"result\":\"reanalyzed\"").contains(event.runId().toString());
        assertThat(post(managementPort, "/actuator/reanalyze/not-a-uuid").statusCode()).isEqualTo(400);
    }

    private void publish(RunFinished event) {
        kafka.send(Topic.Names.RUNS_FINISHED, event.runId().toString(), codec.encode(event)).join();
    }

    /** Waits until the analyzer's group has committed every record on the topic, i.e. handled them all. */
    private void awaitConsumed() {
        String group = kafkaProperties.group(Topic.Names.ANALYZER_GROUP);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(Topic.Names.RUNS_FINISHED) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return !committed.isEmpty() && committed.entrySet().stream().allMatch(e -> ends.get(e.getKey()).offset() == e.getValue())
                    && ends.values().stream().mapToLong(info -> info.offset()).sum()
                    == admin.listOffsets(allPartitions()).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        });
    }

    private Map<TopicPartition, OffsetSpec> allPartitions() throws Exception {
        return admin.describeTopics(List.of(Topic.Names.RUNS_FINISHED)).allTopicNames().get().get(Topic.Names.RUNS_FINISHED)
                .partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(Topic.Names.RUNS_FINISHED, p.partition()),
                        p -> OffsetSpec.latest()));
    }

    private Map<String, String> deadLetterReasons(String key, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.Names.RUNS_FINISHED_DLT));
            Map<String, String> reasons = new java.util.HashMap<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        reasons.put(record.value(), new String(record.headers().lastHeader(DeadLetterConfiguration.REASON_HEADER).value(),
                                StandardCharsets.UTF_8));
                    }
                }
                return reasons.size() >= expected;
            });
            return reasons;
        }
    }

    private String status(UUID runId) {
        return jdbc.sql("SELECT status FROM runs WHERE id = ?").param(runId).query(String.class).single();
    }

    private List<String> types(UUID runId) {
        return jdbc.sql("SELECT type FROM anomalies WHERE run_id = ? ORDER BY type").param(runId).query(String.class).list();
    }

    private String snapshot(UUID runId) {
        return jdbc.sql("SELECT string_agg(type || '|' || severity || '|' || message, ';' ORDER BY type, message) FROM anomalies WHERE run_id = ?")
                .param(runId).query(String.class).optional().orElse("")
                + jdbc.sql("SELECT metrics::text || analysis::text || analyzed_at::text FROM run_results WHERE run_id = ?")
                .param(runId).query(String.class).single()
                + jdbc.sql("SELECT status || finished_at::text || severity FROM runs WHERE id = ?").param(runId).query(String.class).single();
    }

    private HttpResponse<String> reanalyze(UUID runId) {
        return post(managementPort, "/actuator/reanalyze/" + runId);
    }

    private static HttpResponse<String> post(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
