package dev.k6runner.runner.claim;

import java.time.Duration;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.model.Segment;

/**
 * Segments another runner's placement assigned to this runner: taken {@code assigned → running} by one conditional
 * update, so a segment starts once, whichever of this runner's paths (its claim, its segment loop) gets there first.
 */
final class AssignedSegments {

    private static final String TAKE = """
            UPDATE run_segments s SET state = 'running', lease_expires_at = clock_timestamp() + make_interval(secs => :leaseSeconds)
            FROM runs, teams t
            WHERE (s.run_id, s.index) = (SELECT a.run_id, a.index FROM run_segments a
                                         WHERE a.runner_id = :runner AND a.state = 'assigned'
                                         ORDER BY a.start_at LIMIT 1 FOR UPDATE SKIP LOCKED)
              AND s.state = 'assigned' AND runs.id = s.run_id AND runs.status = 'running' AND t.id = runs.team_id
            RETURNING runs.id, runs.team_id, script, runs.name, vus, duration, iterations, env::text AS env,
                      tags::text AS tags, timeout_seconds, submitted_at, started_at, runs.runners,
                      t.max_vus, t.max_duration_seconds, t.egress_allow, runs.traceparent, runs.attempt_id,
                      s.index AS segment_index, s.segment, s.sequence, s.start_at""";

    private final JdbcClient jdbc;
    private final String runnerId;
    private final Duration lease;

    AssignedSegments(JdbcClient jdbc, String runnerId, Duration lease) {
        this.jdbc = jdbc;
        this.runnerId = runnerId;
        this.lease = lease;
    }

    /** @return the earliest-starting segment assigned here, now running here; empty when none waits */
    Optional<RunClaimer.NextRun> takeNext() {
        return jdbc.sql(TAKE).param("runner", runnerId).param("leaseSeconds", lease.toMillis() / 1000.0)
                .query((rs, row) -> {
                    ClaimedRun claim = RunClaimer.toClaim(rs, rs.getObject("attempt_id", java.util.UUID.class));
                    Segment segment = new Segment(rs.getInt("segment_index"), rs.getInt("runners"), rs.getString("segment"),
                            rs.getString("sequence"));
                    return new RunClaimer.NextRun(claim.asSegment(segment, rs.getTimestamp("start_at").toInstant()),
                            rs.getString("traceparent"));
                })
                .optional();
    }
}
