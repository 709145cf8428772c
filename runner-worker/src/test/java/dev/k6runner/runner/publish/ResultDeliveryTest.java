package dev.k6runner.runner.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Segment;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.FinishedEvents;
import dev.k6runner.runner.RunnerFixture;
import dev.k6runner.runner.RunnerFixture.Request;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.RunnerTestSettings;
import dev.k6runner.runner.StandinK6;
import dev.k6runner.runner.segments.SegmentResults;
import dev.k6runner.testsupport.DatabaseOutage;
import dev.k6runner.testsupport.SharedPostgres;
import dev.k6runner.testsupport.TestInfrastructure;

/**
 * A finished result is never lost, against a real Postgres and Kafka: not through a database cut longer than the
 * publisher's old budget (8 tries, then it gave up), not through a restart (the copy on disk is replayed, once), and not
 * when its run was interrupted meanwhile (it is kept as an orphan, the run stays interrupted). The same holds for a
 * segment's result (a test on several runners), which goes through the same outbox.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ResultDeliveryTest {

    static final Path ROOT = tempRoot();
    static final Path INVOCATIONS = ROOT.resolve("logs/k6-invocations.ndjson");
    /** The retries the publisher made before it gave up, until this fix. */
    static final int OLD_RETRY_BUDGET = 8;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        RunnerTestSettings.register(registry, ROOT, INVOCATIONS, 1);
        // real speed: the 'stages' recording lasts about 4.4 s, so k6 ends while the database is cut
        Path realSpeed = StandinK6.install(ROOT.resolve("bin-speed1"), 1.0, INVOCATIONS);
        registry.add("k6runner.runner.k6-binary", realSpeed::toString);
        // a lease that outlives the cut: this test is about the runner; the gateway's reaper has its own test
        registry.add("k6runner.runner.lease-duration", () -> "90s");
        // each try waits at most 2 s for a connection (the pool's default is 30 s) and 1 s after it: more than the
        // old 8 tries fit in a short test, and the old code gave up after 8 whatever their pauses
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
        registry.add("k6runner.runner.publish.first-pause", () -> "250ms");
        registry.add("k6runner.runner.publish.longest-pause", () -> "1s");
    }

    @Autowired JdbcClient jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired EventCodec codec;
    @Autowired MeterRegistry meters;
    @Autowired RunnerProperties properties;
    @Autowired ResultArchive archive;
    @Autowired ResultReplay replay;
    @Autowired ResultOutbox outbox;
    @Autowired SegmentResults segments;
    @Value("${spring.datasource.url}") String url;

    RunnerFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new RunnerFixture(jdbc, kafka, codec);
    }

    @Test
    void aResultFinishedDuringADatabaseCutLongerThanTheOldRetryBudgetIsStoredOnceTheDatabaseIsBack() throws Exception {
        UUID id = fixture.submit("outage", Request.of(StandinK6.scriptFor("stages")));
        fixture.awaitStatus(id, "running", Duration.ofSeconds(60));
        double retriesBefore = count("k6runner.results.store.retries");
        try (Connection own = connect()) {
            String database = SharedPostgres.single(own, "SELECT current_database()");
            DatabaseOutage.begin(database, own);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(unpublished(id)));
                assertThat(codec.decode(Files.readString(unpublished(id)), PendingResult.class).result().outcome())
                        .as("k6 ended during the cut; its result is on disk before anything was published")
                        .isEqualTo(RunStatus.COMPLETED);
                await().atMost(Duration.ofSeconds(90)).until(() -> count("k6runner.results.store.retries") > retriesBefore + OLD_RETRY_BUDGET);
            } finally {
                DatabaseOutage.end(database);
            }
        }
        awaitPoolBack();
        fixture.awaitStatus(id, "analyzing", Duration.ofSeconds(60));
        assertThat(fixture.result(id)).hasValueSatisfying(row -> assertThat(row.get("outcome")).isEqualTo("completed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> FinishedEvents.of(id).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(unpublished(id)));
        assertThat(ROOT.resolve("results").resolve(id.toString()).resolve("result.json")).content().contains("accepted");
        assertThat(orphans(id)).isZero();
    }

    @Test
    void aStoredResultThatPostgresDoesNotHaveIsReplayedAtStartExactlyOnce() throws Exception {
        RunFinished result = finished(heldRun("replayed", "running"));
        outbox.keep(PendingResult.of(result));

        replay.replayAll(outbox.pending());
        replay.replayAll(outbox.pending());

        assertThat(fixture.status(result.runId())).isEqualTo("analyzing");
        assertThat(fixture.result(result.runId())).hasValueSatisfying(row ->
                assertThat(row.get("attempt_id")).isEqualTo(result.attemptId()));
        assertThat(Files.exists(unpublished(result.runId()))).as("removed once Postgres has it").isFalse();

        // a runner killed between the commit and the clean-up finds the copy again at its next start
        outbox.keep(PendingResult.of(result));
        replay.replayAll(outbox.pending());
        assertThat(Files.exists(unpublished(result.runId()))).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM run_results WHERE run_id = ?").param(result.runId()).query(Long.class).single())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !FinishedEvents.of(result.runId()).isEmpty());
        assertThat(FinishedEvents.of(result.runId())).as("announced once").hasSize(1);
    }

    @Test
    void aResultOfARunThatWasReapedIsKeptAsAnOrphanAndTheRunStaysInterrupted() throws Exception {
        RunFinished result = finished(heldRun("reaped", "interrupted"));
        double orphansBefore = count("k6runner.orphan.results");
        outbox.keep(PendingResult.of(result));

        replay.replayAll(outbox.pending());
        outbox.keep(PendingResult.of(result));
        replay.replayAll(outbox.pending());

        assertThat(fixture.status(result.runId())).isEqualTo("interrupted");
        assertThat(fixture.result(result.runId())).isEmpty();
        Map<String, Object> orphan = jdbc.sql("SELECT attempt_id, runner_id, outcome, run_status, result->>'consoleOutput' AS console "
                + "FROM orphan_results WHERE run_id = ?").param(result.runId()).query().singleRow();
        assertThat(orphan).containsEntry("attempt_id", result.attemptId()).containsEntry("runner_id", properties.id())
                .containsEntry("outcome", "completed").containsEntry("run_status", "interrupted")
                .containsEntry("console", result.consoleOutput());
        assertThat(count("k6runner.orphan.results")).as("recorded once, though replayed twice").isEqualTo(orphansBefore + 1);
        assertThat(Files.exists(unpublished(result.runId()))).isFalse();
        assertThat(ROOT.resolve("results").resolve(result.runId().toString()).resolve("result.json")).content()
                .contains("orphan_results");
        assertThat(FinishedEvents.of(result.runId())).isEmpty();
    }

    @Test
    void aSegmentResultSurvivesADatabaseCutLongerThanTheOldBudgetAndARestartAndIsReplayedExactlyOnce() throws Exception {
        RunFinished result = segmentResult(segmentedRun("segment-outage", "running"));
        Instant k6Started = result.startedAt().plusMillis(120);
        double retriesBefore = count("k6runner.results.store.retries");
        try (Connection own = connect()) {
            String database = SharedPostgres.single(own, "SELECT current_database()");
            DatabaseOutage.begin(database, own);
            try {
                Thread slot = Thread.ofPlatform().start(() -> publishUntilStopped(result, k6Started));
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.copyOf(result)));
                await().atMost(Duration.ofSeconds(90)).until(() -> count("k6runner.results.store.retries") > retriesBefore + OLD_RETRY_BUDGET);
                slot.interrupt(); // the runner is stopped while the database is still away
                slot.join();
            } finally {
                DatabaseOutage.end(database);
            }
        }
        awaitPoolBack();
        assertThat(outbox.copyOf(result)).as("the copy outlives the runner that made it").exists();
        assertThat(segment(result).get("state")).isEqualTo("running");

        replay.replayAll(outbox.pending()); // the next start
        outbox.keep(new PendingResult(result, k6Started)); // as if killed between the commit and the clean-up
        replay.replayAll(outbox.pending());

        Map<String, Object> stored = segment(result);
        assertThat(stored).containsEntry("state", "finished").containsEntry("outcome", "completed");
        assertThat(((java.sql.Timestamp) stored.get("k6_started_at")).toInstant()).isEqualTo(k6Started);
        assertThat(fixture.status(result.runId())).as("its result was the test's last").isEqualTo("analyzing");
        assertThat(jdbc.sql("SELECT count(*) FROM run_results WHERE run_id = ?").param(result.runId()).query(Long.class).single())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !FinishedEvents.of(result.runId()).isEmpty());
        assertThat(FinishedEvents.of(result.runId())).as("the test's end announced once").hasSize(1)
                .allSatisfy(end -> assertThat(end.segment().count()).isEqualTo(2));
        assertThat(outbox.copyOf(result)).doesNotExist();
        assertThat(orphans(result.runId())).isZero();
    }

    @Test
    void aLateResultOfASegmentDeclaredDeadIsKeptAsAnOrphanOnceAndChangesNothing() throws Exception {
        RunFinished result = segmentResult(segmentedRun("segment-dead", "interrupted"));
        double orphansBefore = count("k6runner.orphan.results");

        assertThat(segments.publish(result, null)).as("refused").isFalse();
        outbox.keep(new PendingResult(result, null)); // replayed after a restart
        replay.replayAll(outbox.pending());

        assertThat(segment(result)).containsEntry("state", "interrupted").containsEntry("result", null);
        assertThat(fixture.status(result.runId())).isEqualTo("running");
        Map<String, Object> orphan = jdbc.sql("SELECT attempt_id, outcome, result->'segment'->>'index' AS index FROM orphan_results "
                + "WHERE run_id = ?").param(result.runId()).query().singleRow();
        assertThat(orphan).containsEntry("attempt_id", result.attemptId()).containsEntry("outcome", "completed")
                .containsEntry("index", "0");
        assertThat(count("k6runner.orphan.results")).as("recorded once, though replayed").isEqualTo(orphansBefore + 1);
        assertThat(outbox.copyOf(result)).doesNotExist();
        assertThat(FinishedEvents.of(result.runId())).isEmpty();
    }

    private void publishUntilStopped(RunFinished result, Instant k6Started) {
        try {
            segments.publish(result, k6Started);
        } catch (InterruptedException stopped) {
            // the runner's shutdown: the copy on disk stays for the next start
        }
    }

    /**
     * A test on two runners: its segment 1 finished on another runner, its segment 0 held here by an earlier life of
     * this runner, either still running or declared dead (its lease expired).
     */
    private UUID segmentedRun(String name, String segmentZero) {
        UUID id = heldRun(name, "running");
        jdbc.sql("UPDATE runs SET runners = 2 WHERE id = ?").param(id).update();
        jdbc.sql("""
                        INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, outcome,
                                                  k6_exit_code, start_at, lease_expires_at, finished_at)
                        VALUES (?, 0, '0:1/2', '0,1/2,1', ?, ?, ?, CASE WHEN ? = 'interrupted' THEN 'interrupted' END, NULL,
                                now(), now() + interval '1 minute', CASE WHEN ? = 'interrupted' THEN now() END),
                               (?, 1, '1/2:1', '0,1/2,1', 'another-runner', ?, 'finished', 'completed', 0,
                                now(), now(), now())""")
                .params(id, properties.id(), UUID.randomUUID(), segmentZero, segmentZero, segmentZero, id, UUID.randomUUID())
                .update();
        return id;
    }

    private RunFinished segmentResult(UUID runId) {
        UUID attempt = jdbc.sql("SELECT attempt_id FROM run_segments WHERE run_id = ? AND index = 0").param(runId)
                .query(UUID.class).single();
        Instant finishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new RunFinished(runId, attempt, properties.id(), RunStatus.COMPLETED, null, 0, "{}", "segment 0's console\n",
                null, finishedAt.minusSeconds(5), finishedAt, new Segment(0, 2, "0:1/2", "0,1/2,1"));
    }

    private Map<String, Object> segment(RunFinished result) {
        return jdbc.sql("SELECT state, outcome, k6_started_at, result::text AS result FROM run_segments WHERE run_id = ? AND index = 0")
                .param(result.runId()).query().singleRow();
    }

    /** A run that an earlier life of this runner claimed (never offered on Kafka, so nothing claims it now). */
    private RunFinished finished(UUID runId) {
        UUID attempt = jdbc.sql("SELECT attempt_id FROM runs WHERE id = ?").param(runId).query(UUID.class).single();
        Instant finishedAt = Instant.now();
        return new RunFinished(runId, attempt, properties.id(), RunStatus.COMPLETED, "k6 exited 0", 0, "{}",
                "the kept console tail\n", null, finishedAt.minusSeconds(5), finishedAt);
    }

    private UUID heldRun(String name, String status) {
        return fixture.storeHeld(name, Request.of(StandinK6.scriptFor("basic-get")), status, properties.id());
    }

    /** The runner's pool makes new connections again (its attempts during the cut failed; it backs off). */
    private void awaitPoolBack() {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> jdbc.sql("SELECT true").query(Boolean.class).single());
    }

    private long orphans(UUID runId) {
        return jdbc.sql("SELECT count(*) FROM orphan_results WHERE run_id = ?").param(runId).query(Long.class).single();
    }

    private Path unpublished(UUID runId) {
        return archive.folder(runId).resolve(ResultOutbox.UNPUBLISHED);
    }

    private double count(String counter) {
        return meters.get(counter).counter().count();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, SharedPostgres.username(), SharedPostgres.password());
    }

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("k6runner-result-delivery");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
