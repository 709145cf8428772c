-- A finished result that arrived after its run was reaped (the attempt's lease had expired and the run is
-- interrupted). The run's status never changes for it: the row is kept for the operator to read, never dropped.
-- One row per attempt, so a runner that replays a stored result after a restart never records it twice. No
-- foreign key to runs: a result whose run retention already deleted is kept all the same.
CREATE TABLE orphan_results (
    attempt_id  uuid        PRIMARY KEY,
    run_id      uuid        NOT NULL,
    runner_id   text        NOT NULL,
    outcome     text        NOT NULL,
    -- the run's status when the result arrived (interrupted, or whatever a later move made it)
    run_status  text,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- the whole RunFinished as the runner publishes it: summary, console tail and digest included
    result      jsonb       NOT NULL
);

CREATE INDEX orphan_results_by_received ON orphan_results (received_at DESC);
CREATE INDEX orphan_results_by_run ON orphan_results (run_id);
