-- Search by tag, newest first, without walking a team's whole history. Each tag of a run is copied
-- here, keyed for a keyset walk: (team, key, value) then time. A
-- search for env:staging reads the index entries of exactly those runs, in page order, and stops at
-- the page's end; before, Postgres either walked every newer run checking its tags or fetched every
-- match through the GIN index and sorted them.
CREATE TABLE run_tags (
    team_id      text        NOT NULL,
    key          text        NOT NULL,
    value        text        NOT NULL,
    submitted_at timestamptz NOT NULL,
    run_id       uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, key, value, submitted_at, run_id)
);
-- retention deletes runs; the cascade finds their tags by this
CREATE INDEX run_tags_run ON run_tags (run_id);

-- Kept by triggers rather than by the gateway's insert, so every writer of runs (and a change of tags,
-- which the service never makes) keeps it true. Statement-level on insert: one insert per statement.
CREATE FUNCTION run_tags_of_new_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO run_tags (team_id, key, value, submitted_at, run_id)
    SELECT r.team_id, t.key, t.value, r.submitted_at, r.id FROM new_runs r, jsonb_each_text(r.tags) t;
    RETURN NULL;
END $$;
CREATE TRIGGER runs_tags_on_insert AFTER INSERT ON runs
    REFERENCING NEW TABLE AS new_runs FOR EACH STATEMENT EXECUTE FUNCTION run_tags_of_new_runs();

CREATE FUNCTION run_tags_of_changed_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM run_tags WHERE run_id = NEW.id;
    INSERT INTO run_tags (team_id, key, value, submitted_at, run_id)
    SELECT NEW.team_id, t.key, t.value, NEW.submitted_at, NEW.id FROM jsonb_each_text(NEW.tags) t;
    RETURN NULL;
END $$;
CREATE TRIGGER runs_tags_on_update AFTER UPDATE OF tags, submitted_at ON runs FOR EACH ROW
    WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
    EXECUTE FUNCTION run_tags_of_changed_run();

INSERT INTO run_tags (team_id, key, value, submitted_at, run_id)
SELECT r.team_id, t.key, t.value, r.submitted_at, r.id FROM runs r, jsonb_each_text(r.tags) t;

-- run_tags serves tag search; the GIN index only cost every insert
DROP INDEX runs_tags;

-- min_error_rate / max_response_time: the team's analysed runs newest first, the value in the index
-- entry, so the walk checks it without visiting the table and skips runs not analysed yet. (V2's
-- value-ordered indexes remain for values so rare that a walk by time would read most of the team.)
CREATE INDEX runs_team_submitted_error_rate ON runs (team_id, submitted_at DESC, id DESC, error_rate)
    WHERE error_rate IS NOT NULL;
CREATE INDEX runs_team_submitted_avg_response ON runs (team_id, submitted_at DESC, id DESC, avg_response_time_ms)
    WHERE avg_response_time_ms IS NOT NULL;

-- Retention is the one reader of runs by time across teams: a partial index of ended runs serves it.
-- The index it replaces spanned every team, so the planner would walk it for one team's search
-- and filter every other team's runs out of it.
CREATE INDEX runs_ended_submitted ON runs (submitted_at) WHERE status NOT IN ('queued', 'running', 'analyzing');
DROP INDEX runs_submitted;
