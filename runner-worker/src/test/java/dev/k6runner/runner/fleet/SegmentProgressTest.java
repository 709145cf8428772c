package dev.k6runner.runner.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunProgress;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerFixture;
import dev.k6runner.runner.StandinK6;
import dev.k6runner.runner.segments.SegmentStore;
import dev.k6runner.testsupport.SharedPostgres;

/**
 * Live progress on a real Postgres: every segment of a test on several runners renews the one runs row (they share
 * its attempt), so each segment's progress goes to its own run_segments row and none overwrites another's; so do
 * its abortOnFail thresholds' folds, which the segment loop publishes.
 */
class SegmentProgressTest {

    private final EventCodec codec = new EventCodec();
    private JdbcClient jdbc;
    private RunnerRegistry registry;

    @BeforeEach
    void database() {
        String url = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password()).load().migrate();
        jdbc = JdbcClient.create(new DriverManagerDataSource(url, SharedPostgres.username(), SharedPostgres.password()));
        registry = new RunnerRegistry(jdbc, "runner-a", Duration.ofSeconds(30));
    }

    @Test
    void eachSegmentsProgressIsKeptInItsOwnRowAndTheRunsRowHoldsNoSegmentsFigures() {
        UUID attempt = UUID.randomUUID();
        UUID id = running(attempt, 2);
        for (int index = 0; index < 2; index++) {
            jdbc.sql("""
                    INSERT INTO run_segments (run_id, index, segment, sequence, runner_id, attempt_id, state, start_at,
                                              lease_expires_at)
                    VALUES (?, ?, ?, '0,1/2,1', ?, ?, 'running', now(), now() + interval '30 seconds')""")
                    .params(id, index, index == 0 ? "0:1/2" : "1/2:1", "runner-" + index, attempt).update();
        }

        assertThat(registry.extend(id, attempt, 0, progress(120)).held()).isTrue();
        assertThat(registry.extend(id, attempt, 1, progress(80)).held()).isTrue();
        assertThat(registry.extend(id, attempt, 0, null).held()).as("no progress yet: the last one stays").isTrue();
        LiveThresholds live = new LiveThresholds(List.of(new LiveThresholds.AbortOnFail("iterations", "count<150", 0)),
                List.of(new MetricFold("iterations", "counter", "default", List.of(), 100, 100, 1, 1, 1, 0, 100, null)));
        new SegmentStore(jdbc, null, codec).publishLive(id, 1, attempt, live);
        new SegmentStore(jdbc, null, codec).publishLive(id, 0, UUID.randomUUID(), live); // another attempt's: refused

        assertThat(requests("SELECT progress::text FROM run_segments WHERE run_id = ? AND index = 0", id)).isEqualTo(120);
        assertThat(requests("SELECT progress::text FROM run_segments WHERE run_id = ? AND index = 1", id)).isEqualTo(80);
        assertThat(codec.decode(jdbc.sql("SELECT live_thresholds::text FROM run_segments WHERE run_id = ? AND index = 1")
                .param(id).query(String.class).single(), LiveThresholds.class)).as("for the analyzer's merged abort").isEqualTo(live);
        assertThat(jdbc.sql("SELECT live_thresholds::text FROM run_segments WHERE run_id = ? AND index = 0").param(id)
                .query(String.class).optional()).isEmpty();
        assertThat(jdbc.sql("SELECT progress::text FROM runs WHERE id = ?").param(id).query(String.class).optional())
                .as("not the last segment's figures").isEmpty();
    }

    @Test
    void aSingleRunsProgressStaysOnItsRunsRow() {
        UUID attempt = UUID.randomUUID();
        UUID id = running(attempt, 1);

        assertThat(registry.extend(id, attempt, null, progress(42)).held()).isTrue();
        assertThat(registry.extend(id, attempt, null, null).held()).isTrue();

        assertThat(requests("SELECT progress::text FROM runs WHERE id = ?", id)).isEqualTo(42);
        assertThat(registry.extend(id, UUID.randomUUID(), null, progress(1)).held()).as("another attempt's").isFalse();
    }

    private UUID running(UUID attempt, int runners) {
        UUID id = new RunnerFixture(jdbc, null, codec).store("progress", RunnerFixture.Request.of(StandinK6.scriptFor("basic-get")));
        jdbc.sql("UPDATE runs SET status = 'running', runner_id = 'runner-0', attempt_id = ?, started_at = now(), runners = ? "
                + "WHERE id = ?").params(attempt, runners, id).update();
        return id;
    }

    private String progress(long requests) {
        return codec.encode(new RunProgress(5.0, requests, 1, 2, Instant.now()));
    }

    private long requests(String sql, UUID id) {
        return codec.decode(jdbc.sql(sql).param(id).query(String.class).single(), RunProgress.class).requests();
    }
}
