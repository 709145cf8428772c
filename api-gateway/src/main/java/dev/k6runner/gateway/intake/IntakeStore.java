package dev.k6runner.gateway.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

        /** From a row's {@code id}, {@code status} and {@code submitted_at}. */
        static Accepted of(java.sql.ResultSet row, boolean replayed) throws java.sql.SQLException {
            return new Accepted(row.getObject("id", UUID.class), RunStatus.fromWire(row.getString("status")),
                    row.getTimestamp("submitted_at").toInstant(), replayed);
        }
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
    /** Random slots tried before probing for free ones: at a backlog half full, all four are taken 1 time in 16. */
    private static final int RANDOM_SLOT_PICKS = 4;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper mapper;
    private final BatchInsert batchInsert;

    IntakeStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper mapper, BatchInsert batchInsert) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.mapper = mapper;
        this.batchInsert = batchInsert;
    }

    /** @param traceparent the submitting request's W3C trace context, continued by the relay; null without one */
    Outcome store(String teamId, RunSpec run, String idempotencyKey, Instant now, String traceparent) {
        return store(new Submission(teamId, run, id -> { }, idempotencyKey, now, traceparent));
    }

    /**
     * One submission in its own transaction.
     *
     * @param submission its {@code withNewRun} runs inside the transaction that inserted a new run (not for a replay
     *                   or a refusal), given its id: the run's bundle is stored and referenced there, so a refused
     *                   submission stores nothing and the relay never publishes a bundled run without its bundle
     */
    Outcome store(Submission submission) {
        try {
            return transactions.execute(status -> pickSlotUntilSettled(submission, 0));
        } catch (DuplicateKeyException sameKeyRace) {
            // a racing submission with the same Idempotency-Key committed first: this one is its replay
            return transactions.execute(status -> pickSlotUntilSettled(submission, 0));
        }
    }

    /**
     * Several submissions in ONE transaction (group commit, {@link GroupCommit}), each settled as alone, in order:
     * the first ones without an Idempotency-Key by one statement together ({@link #insertKeylessTogether}), the
     * rest (and any of those it did not insert) by the same statement as alone; a later one sees the runs the
     * earlier ones inserted (an Idempotency-Key used twice in the batch replays the first), and the backlog check
     * adds the team's runs accepted earlier in the batch, which the queue counts (kept by triggers deferred to the
     * commit) do not show yet.
     *
     * @return each submission's outcome, in the batch's order; any exception rolls the whole batch back
     */
    List<Outcome> storeAll(List<Submission> batch) {
        return transactions.execute(status -> {
            Map<Integer, Accepted> together = insertKeylessTogether(batch);
            Map<String, Integer> acceptedInBatch = new HashMap<>();
            together.forEach((position, accepted) -> acceptedInBatch.merge(batch.get(position).teamId(), 1, Integer::sum));
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (int position = 0; position < batch.size(); position++) {
                Submission submission = batch.get(position);
                Accepted accepted = together.get(position);
                if (accepted != null) {
                    submission.withNewRun().accept(accepted.id());
                    outcomes.add(new Stored(accepted));
                    continue;
                }
                Outcome outcome = pickSlotUntilSettled(submission, acceptedInBatch.getOrDefault(submission.teamId(), 0));
                if (outcome instanceof Stored(Accepted stored) && !stored.replayed()) {
                    acceptedInBatch.merge(submission.teamId(), 1, Integer::sum);
                }
                outcomes.add(outcome);
            }
            return outcomes;
        });
    }

    /**
     * The batch's first submissions, up to the first with an Idempotency-Key (which may replay a run of this batch),
     * inserted by one statement ({@link BatchInsert}) when there are two or more, in arrival order as one by one;
     * the submissions after them then count them as the team's runs inserted earlier in the transaction.
     *
     * @return the runs inserted, by position in the batch
     */
    private Map<Integer, Accepted> insertKeylessTogether(List<Submission> batch) {
        int keyless = 0;
        while (keyless < batch.size() && batch.get(keyless).idempotencyKey() == null) {
            keyless++;
        }
        return keyless < 2 ? Map.of() : batchInsert.insert(batch.subList(0, keyless));
    }

    record Submission(String teamId, RunSpec run, Consumer<UUID> withNewRun, String idempotencyKey, Instant now,
                      String traceparent) {
    }

    /** @param pending the team's runs inserted earlier in this transaction (not in the queue counts until its commit) */
    private Outcome pickSlotUntilSettled(Submission submission, int pending) {
        UUID id = UUID.randomUUID();
        for (int pick = 1; pick <= MAX_SLOT_PICKS; pick++) {
            String statement = pick <= RANDOM_SLOT_PICKS ? IntakeStatements.INTAKE : IntakeStatements.PROBE;
            Optional<Outcome> settled = insert(statement, id, submission, pending);
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
    private Optional<Outcome> insert(String statement, UUID id, Submission submission, int pending) {
        RunSpec run = submission.run();
        List<Optional<Outcome>> rows = jdbc.sql(statement)
                .param("id", id).param("team", submission.teamId()).param("name", run.name()).param("script", run.script())
                .param("vus", run.vus()).param("duration", run.duration()).param("iterations", run.iterations())
                .param("env", json(run.env())).param("tags", json(run.tags()))
                .param("timeout", run.timeoutSeconds()).param("runners", run.runners()).param("key", submission.idempotencyKey())
                .param("submitted", java.sql.Timestamp.from(submission.now())).param("traceparent", submission.traceparent())
                .param("pending", pending)
                .query((rs, n) -> outcome(rs))
                .list();
        if (rows.isEmpty()) {
            throw new IllegalStateException("team '" + submission.teamId() + "' does not exist");
        }
        return rows.getFirst();
    }

    private static Optional<Outcome> outcome(java.sql.ResultSet rs) throws java.sql.SQLException {
        return switch (rs.getString("outcome")) {
            case "contended" -> Optional.empty();
            case "key-reused" -> Optional.of(new KeyReused(rs.getObject("id", UUID.class)));
            case "refused" -> Optional.of(new Refused(new BacklogFull(rs.getLong("queued"), rs.getInt("backlog"))));
            case "replayed" -> Optional.of(new Stored(Accepted.of(rs, true)));
            default -> Optional.of(new Stored(Accepted.of(rs, false)));
        };
    }

    private String json(Map<String, String> map) {
        return mapper.writeValueAsString(map);
    }
}
