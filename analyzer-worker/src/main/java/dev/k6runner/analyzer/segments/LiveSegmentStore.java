package dev.k6runner.analyzer.segments;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.platform.kafka.EventCodec;

/** The running tests on several runners whose abortOnFail thresholds are evaluated on their merged data. */
@Repository
class LiveSegmentStore {

    /** A running test: what each of its segments published, and when its first k6 started. */
    record LiveTest(UUID runId, Instant startedAt, List<LiveThresholds> segments) {

        double elapsedSeconds(Instant now) {
            return Math.max(0, Duration.between(startedAt, now).toNanos() / 1e9);
        }
    }

    private final JdbcClient jdbc;
    private final EventCodec codec;

    LiveSegmentStore(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /**
     * Every segment's last publication of the tests that still run a segment not asked to stop; a segment that ended
     * counts with what it last published (its share of the data stays in the test's).
     */
    List<LiveTest> liveTests() {
        Map<UUID, LiveTest> tests = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT s.run_id, s.live_thresholds::text AS live,
                               min(s.k6_started_at) OVER (PARTITION BY s.run_id) AS started
                        FROM run_segments s
                        WHERE s.live_thresholds IS NOT NULL
                          AND s.run_id IN (SELECT run_id FROM run_segments
                                           WHERE state = 'running' AND live_thresholds IS NOT NULL AND stop_reason IS NULL)
                        ORDER BY s.run_id, s.index""")
                .query(rs -> {
                    UUID runId = rs.getObject("run_id", UUID.class);
                    Timestamp started = rs.getTimestamp("started");
                    tests.computeIfAbsent(runId, id -> new LiveTest(id, started == null ? Instant.now() : started.toInstant(),
                                    new ArrayList<>()))
                            .segments().add(codec.decode(rs.getString("live"), LiveThresholds.class));
                });
        return List.copyOf(tests.values());
    }

    /** Asks every live segment of the test to stop (their runners poll for it); @return how many were asked */
    int stopForThresholds(UUID runId, String why) {
        return jdbc.sql("""
                        UPDATE run_segments SET stop_reason = :why, stopped_by_thresholds = true
                        WHERE run_id = :run AND state IN ('assigned', 'running') AND stop_reason IS NULL""")
                .param("why", why).param("run", runId).update();
    }
}
