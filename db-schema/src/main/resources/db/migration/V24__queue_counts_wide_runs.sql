-- Issue 18: a running test on N runners (runs.runners = N) holds N runner slots, and the runners' claim counts it
-- so (QueueHeads: the sum of runners over a team's running runs). V21's queue counts, from which a submission's 202
-- takes each team's running count for its queue position, counted such a run as one slot; the position then
-- disagreed with the order in which the runners start runs. A second trigger adds the other N - 1 slots of a run as it
-- enters or leaves running. Single runs (runners = 1) do not fire it, and V21's trigger is left as it is.

-- No run may change while the existing wide runs are counted and the triggers created.
LOCK TABLE runs IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO queue_counts (team_id, stripe, queued, running)
SELECT team_id, 0, 0, sum(runners - 1) FROM runs WHERE status = 'running' AND runners > 1 GROUP BY team_id
ON CONFLICT (team_id, stripe) DO UPDATE SET running = queue_counts.running + EXCLUDED.running;

CREATE FUNCTION queue_count_wide_runs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen smallint := (txid_current() % 16)::smallint;
    team text;
    running_change integer := 0;
BEGIN
    -- the stripe's clock row first, as every writer of a stripe's counts takes it (V21): never two orders of locks
    PERFORM 1 FROM queue_clock WHERE stripe = chosen FOR UPDATE;
    IF TG_OP <> 'INSERT' THEN
        team := OLD.team_id;
        running_change := -(OLD.status = 'running')::integer * (OLD.runners - 1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        team := NEW.team_id;
        running_change := running_change + (NEW.status = 'running')::integer * (NEW.runners - 1);
    END IF;
    INSERT INTO queue_counts (team_id, stripe, queued, running) VALUES (team, chosen, 0, running_change)
    ON CONFLICT (team_id, stripe) DO UPDATE SET running = queue_counts.running + EXCLUDED.running;
    RETURN NULL;
END $$;

-- Deferred to the commit, as V21's, so the counts move in the transaction of the change, with the clock.
CREATE CONSTRAINT TRIGGER runs_queue_wide_on_insert AFTER INSERT ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.status = 'running' AND NEW.runners > 1) EXECUTE FUNCTION queue_count_wide_runs();
CREATE CONSTRAINT TRIGGER runs_queue_wide_on_status AFTER UPDATE OF status ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND (OLD.status = 'running' OR NEW.status = 'running')
          AND (OLD.runners > 1 OR NEW.runners > 1))
    EXECUTE FUNCTION queue_count_wide_runs();
CREATE CONSTRAINT TRIGGER runs_queue_wide_on_delete AFTER DELETE ON runs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status = 'running' AND OLD.runners > 1) EXECUTE FUNCTION queue_count_wide_runs();
