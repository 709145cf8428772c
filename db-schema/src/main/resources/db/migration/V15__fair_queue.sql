-- Queue, don't refuse (issue 16). A team's one quota (max_active_runs, queued + running) becomes two limits:
-- max_running_runs, how many runner slots the team may hold at once (NULL = unlimited), and max_queued_runs,
-- its backlog; and a weight for the fair share of slots between teams.
-- Existing teams: the old quota bounded queued + running, so it bounded running too: it becomes the running
-- limit (behaviour kept), and the backlog is never smaller than the old quota (nothing accepted before is refused).
ALTER TABLE teams
    ADD COLUMN max_running_runs integer CHECK (max_running_runs > 0),
    ADD COLUMN max_queued_runs  integer NOT NULL DEFAULT 1000 CHECK (max_queued_runs > 0),
    ADD COLUMN weight           integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000);

UPDATE teams SET max_running_runs = max_active_runs, max_queued_runs = greatest(1000, max_active_runs);
-- The seeded team of local mode and key-less clients is unlimited.
UPDATE teams SET max_running_runs = NULL WHERE id = 'default';
ALTER TABLE teams DROP COLUMN max_active_runs;

-- Backlog slots. Each queued run holds a slot number below its team's max_queued_runs, unique among the
-- team's queued runs: the database keeps the backlog at or under its limit without a per-team lock (V12's
-- quota slots, narrowed to queued runs). The claim (queued -> running) takes the run out of the index, and
-- frees its slot. No move leads back to queued, so a slot left in the column of a run past queued never collides.
DROP INDEX runs_team_quota_slot;
ALTER TABLE runs RENAME COLUMN quota_slot TO queue_slot;
UPDATE runs SET queue_slot = NULL WHERE status <> 'queued' AND queue_slot IS NOT NULL;
UPDATE runs r SET queue_slot = queued.slot
FROM (SELECT id, (row_number() OVER (PARTITION BY team_id ORDER BY submitted_at, id) - 1)::integer AS slot
      FROM runs WHERE status = 'queued') queued
WHERE r.id = queued.id;
CREATE UNIQUE INDEX runs_team_queue_slot ON runs (team_id, queue_slot) WHERE status = 'queued';
ALTER TABLE runs ADD CONSTRAINT runs_queued_hold_a_slot CHECK (status <> 'queued' OR queue_slot IS NOT NULL);

-- The queue in fair-dispatch order: the teams that have queued runs (a skip over team_id), each team's oldest
-- queued run, and every queued run for queue positions. Only queued runs, so it stays as small as the queue.
CREATE INDEX runs_queued_team_submitted ON runs (team_id, submitted_at, id) WHERE status = 'queued';
-- The slots a team holds: its running runs.
CREATE INDEX runs_running_team ON runs (team_id) WHERE status = 'running';

-- The queue clock: moves, in the same transaction, with every change that can change the dispatch order
-- (a run entering or leaving queued or running, a team's running limit or weight). Equal clock readings mean
-- the same queue state, so the gateway recomputes queue positions only when it moved. Sixteen stripes, one
-- per transaction (its id modulo 16), so concurrent transactions seldom wait on one row; the clock is their sum.
CREATE TABLE queue_clock (
    stripe smallint PRIMARY KEY,
    ticks  bigint   NOT NULL DEFAULT 0
);
INSERT INTO queue_clock (stripe) SELECT generate_series(0, 15);

-- One stripe per transaction, not per row: a statement that moves many runs (the reaper's batch) then locks one
-- stripe row, and two such transactions cannot take stripes in opposite orders and deadlock (a random stripe per
-- row did, under load).
CREATE FUNCTION queue_clock_tick() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen smallint := (txid_current() % 16)::smallint;
BEGIN
    UPDATE queue_clock SET ticks = ticks + 1 WHERE stripe = chosen;
    RETURN NULL;
END $$;

CREATE TRIGGER runs_queue_clock_on_insert AFTER INSERT ON runs FOR EACH ROW
    WHEN (NEW.status IN ('queued', 'running')) EXECUTE FUNCTION queue_clock_tick();
CREATE TRIGGER runs_queue_clock_on_status AFTER UPDATE OF status ON runs FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          AND (OLD.status IN ('queued', 'running') OR NEW.status IN ('queued', 'running')))
    EXECUTE FUNCTION queue_clock_tick();
CREATE TRIGGER runs_queue_clock_on_delete AFTER DELETE ON runs FOR EACH ROW
    WHEN (OLD.status IN ('queued', 'running')) EXECUTE FUNCTION queue_clock_tick();
CREATE TRIGGER teams_queue_clock_on_limits AFTER UPDATE OF max_running_runs, weight ON teams FOR EACH ROW
    WHEN ((OLD.max_running_runs, OLD.weight) IS DISTINCT FROM (NEW.max_running_runs, NEW.weight))
    EXECUTE FUNCTION queue_clock_tick();
