package dev.k6runner.gateway.intake;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;
import dev.k6runner.model.RunSpec;
import dev.k6runner.model.RunStatus;

/**
 * Stores an accepted run: idempotency, backlog and insert in one statement. A run over the team's running
 * limit is queued, not refused; only a full backlog refuses. The backlog limit holds without a per-team lock:
 * each queued run holds a slot number below max_queued_runs, unique among the team's queued runs
 * ({@code runs_team_queue_slot}), so racing submissions collide only when they pick the same slot, and
 * one team's submissions commit side by side (their WAL flushes grouped) instead of one at a time.
 * The row is the outbox: {@code published_at} stays null until the relay publishes.
 */
@Repository
class IntakeStore {

    record Accepted(UUID id, RunStatus status, Instant submittedAt, boolean replayed) {
    }

    /** The team's backlog is full: {@code queued} runs wait, of {@code maxQueuedRuns}. */
    record BacklogFull(long queued, int maxQueuedRuns) {
    }

    sealed interface Outcome permits Stored, Refused, KeyReused {
    }

    record Stored(Accepted run) implements Outcome {
    }

    record Refused(BacklogFull backlog) implements Outcome {
    }

    /** The Idempotency-Key already named run {@code firstRun}, submitted with a different request. */
    record KeyReused(UUID firstRun) implements Outcome {
    }

    /** Slot collisions need a team near its backlog limit and racing submissions; a fresh statement sees the winner. */
    private static final int MAX_SLOT_PICKS = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper mapper;

    IntakeStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    /** @param traceparent the submitting request's W3C trace context, continued by the relay; null without one */
    Outcome store(String teamId, RunSpec run, String idempotencyKey, Instant now, String traceparent) {
        return store(teamId, run, id -> { }, idempotencyKey, now, traceparent);
    }

    /**
     * @param withNewRun runs inside the transaction that inserted a new run (not for a replay or a refusal), given its
     *                   id: the run's bundle is stored and referenced there, so a refused submission stores nothing and
     *                   the relay never publishes a bundled run without its bundle
     */
    Outcome store(String teamId, RunSpec run, Consumer<UUID> withNewRun, String idempotencyKey, Instant now, String traceparent) {
        Submission submission = new Submission(teamId, run, withNewRun, idempotencyKey, now, traceparent);
        try {
            return transactions.execute(status -> pickSlotUntilSettled(submission));
        } catch (DuplicateKeyException sameKeyRace) {
            // a racing submission with the same Idempotency-Key committed first: this one is its replay
            return transactions.execute(status -> pickSlotUntilSettled(submission));
        }
    }

    private record Submission(String teamId, RunSpec run, Consumer<UUID> withNewRun, String idempotencyKey, Instant now,
                              String traceparent) {
    }

    private Outcome pickSlotUntilSettled(Submission submission) {
        UUID id = UUID.randomUUID();
        for (int pick = 1; pick <= MAX_SLOT_PICKS; pick++) {
            Optional<Outcome> settled = insert(id, submission);
            if (settled.isPresent()) {
                if (settled.get() instanceof Stored(Accepted accepted) && !accepted.replayed()) {
                    submission.withNewRun().accept(accepted.id());
                }
                return settled.get();
            }
        }
        throw new ConcurrencyFailureException("team '" + submission.teamId() + "': no free backlog slot after " + MAX_SLOT_PICKS + " picks");
    }

    /** @return empty when another submission took the slot this one picked */
    private Optional<Outcome> insert(UUID id, Submission submission) {
        RunSpec run = submission.run();
        List<Optional<Outcome>> rows = jdbc.sql(INTAKE)
                .param("id", id).param("team", submission.teamId()).param("name", run.name()).param("script", run.script())
                .param("vus", run.vus()).param("duration", run.duration()).param("iterations", run.iterations())
                .param("env", json(run.env())).param("tags", json(run.tags()))
                .param("timeout", run.timeoutSeconds()).param("runners", run.runners()).param("key", submission.idempotencyKey())
                .param("submitted", java.sql.Timestamp.from(submission.now())).param("traceparent", submission.traceparent())
                .query((rs, n) -> outcome(rs))
                .list();
        if (rows.isEmpty()) {
            throw new IllegalStateException("team '" + submission.teamId() + "' does not exist");
        }
        return rows.getFirst();
    }

    /*
     * The backlog slot: the first free one from a random start, probing the unique index; the candidates come
     * from a select-list generate_series, which Postgres produces one at a time, so LIMIT 1 stops at the first
     * free slot even for a backlog of millions. ON CONFLICT DO NOTHING turns a slot taken meanwhile into
     * "contended". While every queued run holds a slot below max_queued_runs, a free slot is exactly "fewer
     * queued runs than the limit", so the queued runs are counted ({@code queued}, at most max_queued_runs
     * index entries) only when one holds a slot at or over the limit ("overflow": the limit was lowered; one
     * range probe of the slot index says) and for the 429's message. Every read is an index probe: the
     * idempotency key, the team's primary key, and the team's queued slots.
     */
    private static final String INTAKE = """
            WITH existing AS (
                SELECT id, status, submitted_at,
                       (name, script, vus, duration, iterations, env, tags, timeout_seconds, runners) IS NOT DISTINCT FROM
                       (CAST(:name AS text), CAST(:script AS text), CAST(:vus AS integer), CAST(:duration AS text),
                        CAST(:iterations AS integer), CAST(:env AS jsonb), CAST(:tags AS jsonb), CAST(:timeout AS integer),
                        CAST(:runners AS integer))
                           AS same_request
                FROM runs WHERE team_id = :team AND idempotency_key = CAST(:key AS text)
            ), team AS (
                SELECT t.max_queued_runs AS backlog, floor(random() * t.max_queued_runs)::integer AS start,
                       EXISTS (SELECT 1 FROM runs r WHERE r.team_id = t.id AND r.status = 'queued'
                                 AND r.queue_slot >= t.max_queued_runs) AS overflow
                FROM teams t WHERE t.id = :team
            ), queued AS (
                SELECT count(*) AS runs FROM (SELECT 1 FROM runs r WHERE r.team_id = :team AND r.status = 'queued'
                                                LIMIT (SELECT backlog FROM team)) counted
            ), room AS (
                SELECT backlog, start, CASE WHEN overflow THEN (SELECT runs FROM queued) < backlog ELSE true END AS free
                FROM team
            ), slot AS (
                SELECT candidate.number FROM (
                    SELECT (room.start + generate_series(0, room.backlog - 1)) % room.backlog AS number FROM room
                    WHERE room.free AND NOT EXISTS (SELECT 1 FROM existing)) candidate
                WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.team_id = :team AND r.queue_slot = candidate.number
                                    AND r.status = 'queued')
                LIMIT 1
            ), inserted AS (
                INSERT INTO runs (id, team_id, name, status, script, vus, duration, iterations, env, tags,
                                  timeout_seconds, idempotency_key, submitted_at, queue_slot, traceparent, runners)
                SELECT CAST(:id AS uuid), :team, CAST(:name AS text), 'queued', CAST(:script AS text),
                       CAST(:vus AS integer), CAST(:duration AS text), CAST(:iterations AS integer), CAST(:env AS jsonb),
                       CAST(:tags AS jsonb), CAST(:timeout AS integer), CAST(:key AS text), CAST(:submitted AS timestamptz),
                       slot.number, CAST(:traceparent AS text), CAST(:runners AS integer)
                FROM slot
                ON CONFLICT (team_id, queue_slot) WHERE status = 'queued' DO NOTHING
                RETURNING id, status, submitted_at
            )
            SELECT CASE WHEN same_request THEN 'replayed' ELSE 'key-reused' END AS outcome, id, status, submitted_at,
                   NULL::bigint AS queued, NULL::int AS backlog FROM existing
            UNION ALL
            SELECT 'stored', id, status, submitted_at, NULL, NULL FROM inserted
            UNION ALL
            SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM slot) THEN 'refused' ELSE 'contended' END, NULL, NULL, NULL,
                   (SELECT runs FROM queued), backlog FROM room
            WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM inserted)""";

    private static Optional<Outcome> outcome(java.sql.ResultSet rs) throws java.sql.SQLException {
        return switch (rs.getString("outcome")) {
            case "contended" -> Optional.empty();
            case "key-reused" -> Optional.of(new KeyReused(rs.getObject("id", UUID.class)));
            case "refused" -> Optional.of(new Refused(new BacklogFull(rs.getLong("queued"), rs.getInt("backlog"))));
            case "replayed" -> Optional.of(new Stored(new Accepted(rs.getObject("id", UUID.class), RunStatus.fromWire(rs.getString("status")),
                    rs.getTimestamp("submitted_at").toInstant(), true)));
            default -> Optional.of(new Stored(new Accepted(rs.getObject("id", UUID.class), RunStatus.fromWire(rs.getString("status")),
                    rs.getTimestamp("submitted_at").toInstant(), false)));
        };
    }

    private String json(Map<String, String> map) {
        return mapper.writeValueAsString(map);
    }
}
