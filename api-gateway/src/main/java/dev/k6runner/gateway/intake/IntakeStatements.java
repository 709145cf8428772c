package dev.k6runner.gateway.intake;

/**
 * The one statement that settles a submission alone ({@link IntakeStore}): the idempotency check, the backlog check
 * and the insert, every read an index probe. Two variants differ only in how the backlog slot is picked. The
 * benchmarks read these constants to EXPLAIN the statements the gateway really runs.
 */
final class IntakeStatements {

    private IntakeStatements() {
    }

    /*
     * The backlog check reads the team's queued count (V21's queue_counts, summed over its stripes: a primary-key
     * range of at most 16 rows), never the team's queued runs: while every queued run holds a slot below
     * max_queued_runs, "fewer queued runs than the limit" is exactly "a free slot exists", and when the limit was
     * lowered under the backlog it is the rule itself. The slot is then a random one, and its only check is
     * ON CONFLICT's arbiter, which is always the unique slot index (no plan of the planner's choosing, with or
     * without statistics): concurrent submissions pick different slots unless the backlog is nearly full. A slot
     * taken meanwhile answers "contended" and the caller picks again; after a few misses it probes ({@link #PROBE}).
     * The other reads are index probes too: the idempotency key, the team's primary key.
     */
    private static String withSlot(String slot) {
        return """
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
                       (SELECT coalesce(sum(c.queued), 0) FROM queue_counts c WHERE c.team_id = t.id)
                           + CAST(:pending AS integer) AS queued
                FROM teams t WHERE t.id = :team
            ), room AS (
                SELECT backlog, start, queued FROM team WHERE queued < backlog AND NOT EXISTS (SELECT 1 FROM existing)
            ),""" + slot + """
            , inserted AS (
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
                   queued, backlog FROM team
            WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM inserted)""";
    }

    /** A random slot below the limit, when the team's count leaves room. */
    static final String INTAKE = withSlot("""
            slot AS (
                SELECT floor(random() * backlog)::integer AS number FROM room
            )""");

    /*
     * After a few random slots were taken (a backlog nearly full): one of the first 16 free slots after a random
     * start, at random, so racing submissions seldom pick the same one. The candidates come from a select-list
     * generate_series, produced one at a time, so the LIMIT stops the probe early. Its NOT EXISTS is an index
     * probe per candidate, whose index the planner chooses; only this rare path depends on that.
     */
    static final String PROBE = withSlot("""
            slot AS (
                SELECT number FROM (
                    SELECT candidate.number FROM (
                        SELECT (room.start + generate_series(0, room.backlog - 1)) % room.backlog AS number FROM room) candidate
                    WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.team_id = :team AND r.queue_slot = candidate.number
                                        AND r.status = 'queued')
                    LIMIT 16) free
                ORDER BY random() LIMIT 1
            )""");
}
