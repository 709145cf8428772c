package dev.k6runner.gateway.intake;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

    record Accepted(UUID id, String status, Instant submittedAt, boolean replayed) {
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

    Outcome store(String teamId, ValidRun run, String idempotencyKey, Instant now) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param(teamId).query().singleValue();
            if (idempotencyKey != null) {
                Optional<Accepted> first = firstWithKey(teamId, idempotencyKey);
                if (first.isPresent()) {
                    return new Stored(first.get());
                }
            }
            Optional<QuotaExceeded> exceeded = quotaExceeded(teamId);
            if (exceeded.isPresent()) {
                return new Refused(exceeded.get());
            }
            UUID id = UUID.randomUUID();
            insert(id, teamId, run, idempotencyKey, now);
            return new Stored(new Accepted(id, "queued", now, false));
        });
    }

    private Optional<Accepted> firstWithKey(String teamId, String key) {
        return jdbc.sql("SELECT id, status, submitted_at FROM runs WHERE team_id = ? AND idempotency_key = ?")
                .params(teamId, key)
                .query((rs, n) -> new Accepted(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), true))
                .optional();
    }

    private Optional<QuotaExceeded> quotaExceeded(String teamId) {
        // Counting stops at the quota, so the check costs at most quota index entries.
        return jdbc.sql("""
                SELECT t.max_active_runs,
                       (SELECT count(*) FROM (SELECT 1 FROM runs r WHERE r.team_id = t.id
                              AND r.status IN ('queued', 'running') LIMIT t.max_active_runs) live) AS active
                FROM teams t WHERE t.id = ?""")
                .param(teamId)
                .query((rs, n) -> new QuotaExceeded(rs.getLong(2), rs.getInt(1)))
                .optional()
                .filter(q -> q.active() >= q.quota());
    }

    private void insert(UUID id, String teamId, ValidRun run, String idempotencyKey, Instant now) {
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, vus, duration, iterations, env, tags,
                                  timeout_seconds, idempotency_key, submitted_at)
                VALUES (:id, :team, :name, 'queued', :script, :vus, :duration, :iterations, CAST(:env AS jsonb),
                        CAST(:tags AS jsonb), :timeout, :key, :submitted)""")
                .param("id", id).param("team", teamId).param("name", run.name()).param("script", run.script())
                .param("vus", run.vus()).param("duration", run.duration()).param("iterations", run.iterations())
                .param("env", json(run.env())).param("tags", json(run.tags()))
                .param("timeout", run.timeoutSeconds()).param("key", idempotencyKey)
                .param("submitted", java.sql.Timestamp.from(now))
                .update();
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
