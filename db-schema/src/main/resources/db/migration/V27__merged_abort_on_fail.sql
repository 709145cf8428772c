-- abortOnFail on a test's merged data (issue 18). Each k6 of a test on several runners evaluates its thresholds on
-- its own segment only; the thresholds with abortOnFail are evaluated again on the merged data, every 2 s as k6
-- does, by the analyzer, from what each segment's runner publishes with its lease renewal.
ALTER TABLE run_segments
    -- the segment's LiveThresholds: its abortOnFail thresholds and its folds of their metrics so far
    ADD COLUMN live_thresholds jsonb,
    -- set with stop_reason when such a threshold was crossed on the merged data: the segments stop, the test's
    -- verdict is k6's for an abort on a threshold (exit 99), and the stop breaks no segment
    ADD COLUMN stopped_by_thresholds boolean NOT NULL DEFAULT false;
