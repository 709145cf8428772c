package dev.k6runner.runner.fleet;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.runner.execution.RunningRun;
import dev.k6runner.runner.quarantine.Quarantine;

/** The runner's row in {@code runners}, and the leases of the runs it holds. */
final class RunnerRegistry {

    /** What the heartbeat learned about a held run. */
    public record Lease(boolean held, boolean cancelRequested) {
    }

    private final JdbcClient jdbc;
    private final String runnerId;
    private final Duration lease;

    public RunnerRegistry(JdbcClient jdbc, String runnerId, Duration lease) {
        this.jdbc = jdbc;
        this.runnerId = runnerId;
        this.lease = lease;
    }

    public void register(RunnerDescription description, int busy) {
        jdbc.sql("""
                        INSERT INTO runners (id, host, k6_version, k6_available, confinement, accepts_runs, capacity, busy,
                                             started_at, last_heartbeat)
                        VALUES (:id, :host, :version, :available, :confinement, :accepts, :capacity, :busy, now(), now())
                        ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, k6_version = EXCLUDED.k6_version,
                               k6_available = EXCLUDED.k6_available, confinement = EXCLUDED.confinement,
                               accepts_runs = EXCLUDED.accepts_runs, capacity = EXCLUDED.capacity, busy = EXCLUDED.busy,
                               last_heartbeat = now(), quarantined_at = NULL, quarantine_reason = NULL""")
                .param("id", runnerId)
                .param("host", description.host())
                .param("version", description.k6Version())
                .param("available", description.k6Available())
                .param("confinement", description.confinement())
                .param("accepts", description.acceptsRuns())
                .param("capacity", description.capacity())
                .param("busy", busy)
                .update();
    }

    /**
     * @param quarantined since when and why this runner is quarantined; null when it is not
     * @return false when the row is gone (someone cleaned it up): register again
     */
    public boolean beat(int busy, boolean acceptsRuns, Quarantine.State quarantined) {
        return jdbc.sql("""
                        UPDATE runners SET last_heartbeat = now(), busy = :busy, accepts_runs = :accepts,
                               quarantined_at = CAST(:quarantinedAt AS timestamptz), quarantine_reason = CAST(:reason AS text)
                        WHERE id = :id""")
                .param("busy", busy)
                .param("accepts", acceptsRuns)
                .param("quarantinedAt", quarantined == null ? null : Timestamp.from(quarantined.since()))
                .param("reason", quarantined == null ? null : quarantined.reason())
                .param("id", runnerId)
                .update() == 1;
    }

    /**
     * Extends a held run's lease and stores its live progress (JSON, or null to keep the last): a single run's in
     * {@code runs}, a segment's in its own {@code run_segments} row, since every segment of a test renews the one
     * {@code runs} row (they share its attempt) and the last writer would otherwise be the test's progress.
     */
    public Lease extend(RunningRun run, String progressJson) {
        return extend(run.runId(), run.attemptId(), run.claim().segment() == null ? null : run.claim().segment().index(),
                progressJson);
    }

    /** @param segment the index of the segment held, or null for a run on one runner */
    Lease extend(UUID runId, UUID attemptId, Integer segment, String progressJson) {
        Optional<Timestamp> cancel = jdbc.sql("""
                        WITH segment AS (
                            UPDATE run_segments SET progress = CAST(:progress AS jsonb)
                            WHERE run_id = :id AND index = CAST(:segment AS integer) AND attempt_id = :attempt
                              AND state = 'running' AND CAST(:progress AS jsonb) IS NOT NULL)
                        UPDATE runs SET lease_expires_at = clock_timestamp() + make_interval(secs => :leaseSeconds),
                               progress = CASE WHEN CAST(:segment AS integer) IS NULL
                                               THEN COALESCE(CAST(:progress AS jsonb), progress) ELSE NULL END
                        WHERE id = :id AND attempt_id = :attempt AND status = 'running'
                        RETURNING COALESCE(cancel_requested_at, 'epoch'::timestamptz) AS cancel""")
                .param("leaseSeconds", lease.toMillis() / 1000.0)
                .param("progress", progressJson)
                .param("segment", segment)
                .param("id", runId)
                .param("attempt", attemptId)
                .query((rs, row) -> rs.getTimestamp("cancel"))
                .optional();
        return cancel.map(at -> new Lease(true, at.getTime() != 0)).orElse(new Lease(false, false));
    }
}
