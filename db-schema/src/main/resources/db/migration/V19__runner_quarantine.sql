-- Quarantine (issue 20): a runner whose host keeps failing to start k6 (full disk, broken work folder, failing
-- mkfifo, k6 missing; never a script's error) stops taking runs and says so here, with accepts_runs = false.
-- Written by the runner's heartbeat from its own state; NULL when it is not quarantined.
ALTER TABLE runners
    ADD COLUMN quarantined_at    timestamptz,
    ADD COLUMN quarantine_reason text;

-- A run goes back to queued (running -> queued) when its runner could not start k6 for it: it takes a backlog
-- slot again (runs_team_queue_slot stays unique among queued runs), and the queue clock ticks through V15's trigger.
