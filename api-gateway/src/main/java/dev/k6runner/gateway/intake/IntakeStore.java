package dev.k6runner.gateway.intake;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an accepted run: quota check, idempotency and insert in one transaction, serialized per
 * team by a transaction-scoped advisory lock, so two racing submissions cannot both take the last
 * slot of a quota. The row is the outbox: {@code published_at} stays null until the relay publishes.
 */
@Repository
class IntakeStore {

    /** @param queuePosition known for a fresh run; null for a replay */
    record Accepted(UUID id, String status, Instant submittedAt, boolean replayed, Long queuePosition) {
    }

    /** The team's quota is used up: {@code active} runs of {@code quota}. */
    record QuotaExceeded(long active, int quota) {
    }

    sealed interface Outcome permits Stored, Refused {
    }

    record Stored(Accepted run) implements Outcome {
    }

    record Refused(QuotaExceeded quota) implements Outcome {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper mapper;

    IntakeStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    /**
     * Two round trips under the team's lock: the lock, then one statement that returns the first run of
     * the idempotency key, or inserts within the quota, or reports the quota. The lock must come in a
     * statement of its own: a statement's snapshot is taken when it starts, so a count in the same
     * statement as the lock could miss a run committed while it waited.
     */
    Outcome store(String teamId, ValidRun run, String idempotencyKey, Instant now, String traceparent) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param(teamId).query().singleValue();
            UUID id = UUID.randomUUID();
            return jdbc.sql(INTAKE)
                    .param("id", id).param("team", teamId).param("name", run.name()).param("script", run.script())
                    .param("vus", run.vus()).param("duration", run.duration()).param("iterations", run.iterations())
                    .param("env", json(run.env())).param("tags", json(run.tags()))
                    .param("timeout", run.timeoutSeconds()).param("key", idempotencyKey)
                    .param("submitted", java.sql.Timestamp.from(now)).param("traceparent", traceparent)
                    .query((rs, n) -> outcome(rs))
                    .optional()
                    .orElseThrow(() -> new IllegalStateException("team '" + teamId + "' does not exist"));
        });
    }

    private static final String INTAKE = """
            WITH existing AS (
                SELECT id, status, submitted_at FROM runs WHERE team_id = :team AND idempotency_key = CAST(:key AS text)
            ), quota AS (
                SELECT t.max_active_runs AS quota,
                       (SELECT count(*) FROM (SELECT 1 FROM runs r WHERE r.team_id = t.id
                              AND r.status IN ('queued', 'running') LIMIT t.max_active_runs) live) AS active
                FROM teams t WHERE t.id = :team
            ), inserted AS (
                INSERT INTO runs (id, team_id, name, status, script, vus, duration, iterations, env, tags,
                                  timeout_seconds, idempotency_key, submitted_at, traceparent)
                SELECT CAST(:id AS uuid), :team, CAST(:name AS text), 'queued', CAST(:script AS text),
                       CAST(:vus AS integer), CAST(:duration AS text), CAST(:iterations AS integer), CAST(:env AS jsonb),
                       CAST(:tags AS jsonb), CAST(:timeout AS integer), CAST(:key AS text), CAST(:submitted AS timestamptz),
                       CAST(:traceparent AS text)
                FROM quota WHERE quota.active < quota.quota AND NOT EXISTS (SELECT 1 FROM existing)
                RETURNING id, status, submitted_at
            )
            SELECT 'replayed' AS outcome, id, status, submitted_at, NULL::bigint AS active, NULL::int AS quota,
                   NULL::bigint AS position FROM existing
            UNION ALL
            SELECT 'stored', id, status, submitted_at, NULL, NULL,
                   (SELECT count(*) + 1 FROM runs WHERE status = 'queued') FROM inserted
            UNION ALL
            SELECT 'refused', NULL, NULL, NULL, active, quota, NULL FROM quota
            WHERE active >= quota AND NOT EXISTS (SELECT 1 FROM existing)""";

    private static Outcome outcome(java.sql.ResultSet rs) throws java.sql.SQLException {
        return switch (rs.getString("outcome")) {
            case "refused" -> new Refused(new QuotaExceeded(rs.getLong("active"), rs.getInt("quota")));
            case "replayed" -> new Stored(new Accepted(rs.getObject("id", UUID.class), rs.getString("status"),
                    rs.getTimestamp("submitted_at").toInstant(), true, null));
            default -> new Stored(new Accepted(rs.getObject("id", UUID.class), rs.getString("status"),
                    rs.getTimestamp("submitted_at").toInstant(), false, rs.getLong("position")));
        };
    }

    /** 1 for the next run to start; counts every team's queued runs ahead, since runners serve all teams. */
    long queuePosition(UUID id, Instant submittedAt) {
        return jdbc.sql("""
                SELECT count(*) + 1 FROM runs
                WHERE status = 'queued' AND (submitted_at < ? OR (submitted_at = ? AND id < ?))""")
                .params(java.sql.Timestamp.from(submittedAt), java.sql.Timestamp.from(submittedAt), id)
                .query(Long.class).single();
    }

    private String json(Map<String, String> map) {
        return mapper.writeValueAsString(map);
    }
}
