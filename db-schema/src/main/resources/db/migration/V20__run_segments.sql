-- One test across several runners (issue 18). A run of runners = N > 1 is split into N k6 execution segments,
-- placed as one unit: the claim that takes the run queued -> running inserts its N segments in the same
-- transaction, each on a runner that had a free slot then. Single runs (runners = 1) have no segment rows.
ALTER TABLE runs ADD COLUMN runners integer NOT NULL DEFAULT 1 CHECK (runners BETWEEN 1 AND 64);

CREATE TABLE run_segments (
    run_id            uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    index             integer     NOT NULL CHECK (index >= 0),
    segment           text        NOT NULL,               -- k6's --execution-segment, e.g. '0:1/2'
    sequence          text        NOT NULL,               -- k6's --execution-segment-sequence, e.g. '0,1/2,1'
    runner_id         text        NOT NULL,               -- where it was placed
    attempt_id        uuid        NOT NULL,               -- this segment's claim; a result of another is refused
    -- assigned (placed, not yet taken by its runner) -> running -> finished | interrupted; named state, not status:
    -- a segment's moves are not the run's (RunTransition), and status stays the run's word in SQL
    state             text        NOT NULL DEFAULT 'assigned'
                          CHECK (state IN ('assigned', 'running', 'finished', 'interrupted')),
    outcome           text,                               -- the runner's outcome of this segment (a RunStatus wire name)
    k6_exit_code      integer,
    result            jsonb,                              -- the segment's RunFinished, as published
    metrics           jsonb,                              -- the analyzer's metrics of this segment alone
    start_at          timestamptz NOT NULL,               -- the start barrier: every segment's k6 starts at this instant
    k6_started_at     timestamptz,                        -- when this segment's k6 really started (start skew)
    lease_expires_at  timestamptz NOT NULL,               -- renewed by its runner; past it, the segment is dead
    stop_reason       text,                               -- set when a sibling broke: this segment must stop
    broke_test        boolean     NOT NULL DEFAULT false, -- this segment ended badly by itself and stopped the others
    finished_at       timestamptz,
    PRIMARY KEY (run_id, index)
);

-- A runner's own live segments (what it must start, renew and stop), and the slots it holds in the placement.
CREATE INDEX run_segments_live_runner ON run_segments (runner_id) WHERE state IN ('assigned', 'running');
-- Dead segments: the watchdog's scan of expired leases.
CREATE INDEX run_segments_live_lease ON run_segments (lease_expires_at) WHERE state IN ('assigned', 'running');
