-- Issue 16, intake speed: each team's queued and running runs counted as they change, so a submission's backlog
-- check and its 202's queue position read a few rows instead of counting (or ordering) the team's queue.
-- One row per (team, stripe), the stripe being the transaction's queue-clock stripe (its id modulo 16): a team's
-- submissions in different stripes update different rows, so they do not wait for each other, and a stripe's
-- rows are only ever written while its queue_clock row is locked first (below), so two transactions can never
-- take count rows in opposite orders. A stripe's count may go negative (a run queued in one stripe, claimed in
-- another); the team's count is the sum over its stripes.
CREATE TABLE queue_counts (
    team_id text     NOT NULL,
    stripe  smallint NOT NULL,
    queued  bigint   NOT NULL DEFAULT 0,
    running bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, stripe)
);

-- No run may change while the counts are taken and the triggers swapped.
LOCK TABLE runs IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO queue_counts (team_id, stripe, queued, running)
SELECT team_id, 0, count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running')
FROM runs WHERE status IN ('queued', 'running') GROUP BY team_id;

-- The clock tick of V15 and the counts in one trigger function; the clock row first, always.
CREATE FUNCTION queue_clock_tick_and_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen smallint := (txid_current() % 16)::smallint;
    team text;
    queued_change integer := 0;
    running_change integer := 0;
BEGIN
    UPDATE queue_clock SET ticks = ticks + 1 WHERE stripe = chosen;
    IF TG_OP <> 'INSERT' THEN
        team := OLD.team_id;
        queued_change := -(OLD.status = 'queued')::integer;
        running_change := -(OLD.status = 'running')::integer;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        team := NEW.team_id;
        queued_change := queued_change + (NEW.status = 'queued')::integer;
        running_change := running_change + (NEW.status = 'running')::integer;
    END IF;
    UPDATE queue_counts SET queued = queued + queued_change, running = running + running_change
    WHERE team_id = team AND stripe = chosen;
    IF NOT FOUND THEN
        INSERT INTO queue_counts (team_id, stripe, queued, running) VALUES (team, chosen, queued_change, running_change)
        ON CONFLICT (team_id, stripe) DO UPDATE
            SET queued = queue_counts.queued + EXCLUDED.queued, running = queue_counts.running + EXCLUDED.running;
    END IF;
    RETURN NULL;
END $$;

-- Deferred to the commit: a stripe's rows are locked from the commit's start to its end only, not from the
-- change until the client's COMMIT arrives (a round trip later, longer when the client's CPU is busy), which
-- made racing submissions that share a stripe wait for each other (seen as Lock:tuple / Lock:transactionid
-- waits on the intake statement under wrk). Still in the transaction of the change: a reader sees the run,
-- the counts and the clock move together or not at all.
DROP TRIGGER runs_queue_clock_on_insert ON runs;
DROP TRIGGER runs_queue_clock_on_status ON runs;
DROP TRIGGER runs_queue_clock_on_delete ON runs;
CREATE CONSTRAINT TRIGGER runs_queue_clock_on_insert AFTER INSERT ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.status IN ('queued', 'running')) EXECUTE FUNCTION queue_clock_tick_and_count();
CREATE CONSTRAINT TRIGGER runs_queue_clock_on_status AFTER UPDATE OF status ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          AND (OLD.status IN ('queued', 'running') OR NEW.status IN ('queued', 'running')))
    EXECUTE FUNCTION queue_clock_tick_and_count();
CREATE CONSTRAINT TRIGGER runs_queue_clock_on_delete AFTER DELETE ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IN ('queued', 'running')) EXECUTE FUNCTION queue_clock_tick_and_count();
