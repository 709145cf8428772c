package dev.k6runner.gateway.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import dev.k6runner.gateway.intake.IntakeStore.Accepted;
import dev.k6runner.gateway.intake.IntakeStore.Submission;

/**
 * Inserts a group commit's first submissions (those before any with an Idempotency-Key) with ONE statement, each
 * with the backlog check and a backlog slot of its own, as {@link IntakeStore#INTAKE} does for one submission. Postgres
 * sets up a statement's executor, the 17 indexes of {@code runs}, its constraints and triggers once per statement:
 * with pgbench at 1M runs stored, 16 runs cost 2.9–3.5 ms this way against 7.1–11.8 ms as 16 statements in one
 * transaction (docs/gateway.md, "Session 11"). Only a fast path: a submission it did not insert (its team's backlog full, its
 * slot already taken by a queued run or by another replica meanwhile, its team unknown) is then settled alone by {@link IntakeStore}'s
 * statement in the same transaction, which refuses, retries or fails it exactly as before.
 */
@Component
class BatchInsert {

    /*
     * Per team of the batch: its counts (the queue_counts stripes, as INTAKE reads them) admit the first
     * (max_queued_runs - queued) submissions in arrival order, and the n-th admitted one takes the slot n places
     * after a random start: distinct slots within the statement, so it never conflicts with itself. Nothing probes
     * for free slots (a probe's plan would be the planner's choice: without statistics it read every queued run of
     * the team per batch); as for one submission, a slot's only check is ON CONFLICT's arbiter, the unique slot
     * index, and a slot already taken leaves its submission to the single-submission statement.
     */
    static final String TOGETHER = """
            WITH input AS (
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:teams AS text[]), CAST(:names AS text[]),
                                     CAST(:scripts AS text[]), CAST(:vus AS integer[]), CAST(:durations AS text[]),
                                     CAST(:iterations AS integer[]), CAST(:envs AS jsonb[]), CAST(:tags AS jsonb[]),
                                     CAST(:timeouts AS integer[]), CAST(:runners AS integer[]),
                                     CAST(:submitted AS timestamptz[]), CAST(:traceparents AS text[]))
                    WITH ORDINALITY AS i(id, team, name, script, vus, duration, iterations, env, tags, timeout,
                                         runners, submitted, traceparent, arrival)
            ), ranked AS (
                SELECT input.*, row_number() OVER (PARTITION BY team ORDER BY arrival) AS nth FROM input
            ), team AS (
                SELECT t.id, t.max_queued_runs AS backlog, floor(random() * t.max_queued_runs)::bigint AS start,
                       t.max_queued_runs - (SELECT coalesce(sum(c.queued), 0) FROM queue_counts c WHERE c.team_id = t.id) AS room
                FROM teams t WHERE t.id IN (SELECT team FROM input)
            )
            INSERT INTO runs (id, team_id, name, status, script, vus, duration, iterations, env, tags,
                              timeout_seconds, submitted_at, queue_slot, traceparent, runners)
            SELECT ranked.id, ranked.team, ranked.name, 'queued', ranked.script, ranked.vus, ranked.duration,
                   ranked.iterations, ranked.env, ranked.tags, ranked.timeout, ranked.submitted,
                   ((team.start + ranked.nth - 1) % team.backlog)::integer, ranked.traceparent, ranked.runners
            FROM ranked JOIN team ON team.id = ranked.team
            WHERE ranked.nth <= team.room
            ON CONFLICT (team_id, queue_slot) WHERE status = 'queued' DO NOTHING
            RETURNING id, status, submitted_at""";

    private final JdbcClient jdbc;
    private final JsonMapper mapper;

    BatchInsert(JdbcClient jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * @param keyless submissions without an Idempotency-Key, in arrival order, inside the caller's transaction
     * @return the runs inserted, by their submission's position in {@code keyless}; the others are not stored
     */
    Map<Integer, Accepted> insert(List<Submission> keyless) {
        int size = keyless.size();
        String[] ids = new String[size];
        Map<UUID, Integer> positionOf = HashMap.newHashMap(size);
        for (int i = 0; i < size; i++) {
            UUID id = UUID.randomUUID();
            ids[i] = id.toString();
            positionOf.put(id, i);
        }
        Map<Integer, Accepted> inserted = HashMap.newHashMap(size);
        jdbc.sql(TOGETHER).param("ids", ids).param("teams", each(keyless, Submission::teamId))
                .param("names", each(keyless, s -> s.run().name())).param("scripts", each(keyless, s -> s.run().script()))
                .param("vus", each(keyless, s -> s.run().vus())).param("durations", each(keyless, s -> s.run().duration()))
                .param("iterations", each(keyless, s -> s.run().iterations()))
                .param("envs", each(keyless, s -> mapper.writeValueAsString(s.run().env())))
                .param("tags", each(keyless, s -> mapper.writeValueAsString(s.run().tags())))
                .param("timeouts", each(keyless, s -> s.run().timeoutSeconds()))
                .param("runners", each(keyless, s -> s.run().runners()))
                .param("submitted", each(keyless, s -> s.now().toString())).param("traceparents", each(keyless, Submission::traceparent))
                .query(rs -> {
                    Accepted accepted = Accepted.of(rs, false);
                    inserted.put(positionOf.get(accepted.id()), accepted);
                });
        return inserted;
    }

    /** Text for every element: pgjdbc sends it as {@code text[]} and the statement casts each array to its type. */
    private static String[] each(List<Submission> submissions, Function<Submission, Object> field) {
        return submissions.stream().map(field).map(value -> value == null ? null : value.toString()).toArray(String[]::new);
    }
}
