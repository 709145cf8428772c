-- Quota slots. Each live (queued or running) run of a team holds one slot number below the team's
-- quota, and this unique index lets no two live runs of a team hold the same one: the database itself
-- keeps a team at or under its quota. Concurrent submissions of one team then wait on each other only
-- when they pick the same slot, instead of queueing on a per-team lock held through every commit and
-- its WAL flush. A run leaves the index (frees its slot) when its status leaves queued/running.
ALTER TABLE runs ADD COLUMN quota_slot integer;

UPDATE runs r SET quota_slot = live.slot
FROM (SELECT id, (row_number() OVER (PARTITION BY team_id ORDER BY submitted_at, id) - 1)::integer AS slot
      FROM runs WHERE status IN ('queued', 'running')) live
WHERE r.id = live.id;

CREATE UNIQUE INDEX runs_team_quota_slot ON runs (team_id, quota_slot) WHERE status IN ('queued', 'running');

-- The new index serves the quota count as well (team_id leads; live runs without a slot are in it too),
-- and with two partial indexes on a team's live runs the planner, before statistics exist, may probe a
-- slot by scanning all of a team's live runs.
DROP INDEX runs_team_live;

-- Most submissions carry no Idempotency-Key: index only those that do, so the others (and every later
-- version of every run row) skip this index.
CREATE UNIQUE INDEX runs_team_idempotency_key ON runs (team_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
ALTER TABLE runs DROP CONSTRAINT runs_idempotency;
