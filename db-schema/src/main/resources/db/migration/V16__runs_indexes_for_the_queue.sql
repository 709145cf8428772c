-- Issue 16's index audit (docs/gateway.md, "Indexes on runs and who needs them"): every index on runs, the
-- statements that need it, and what a submission writes. A submission inserts an entry into each index whose
-- predicate its queued row meets, and a claim (queued -> running) rewrites the row, so it inserts one into each
-- index its running row meets.
--
-- runs_live (queued, running and analyzing runs by time) served the readers of live runs across teams. Queued
-- runs are now in runs_queued_team_submitted and running runs in runs_running_team (V15), each as small as what
-- it holds, and the planner takes those for the queue positions, the gauges, the republisher and the reaper;
-- only the analyzer's sweep of runs stuck in analyzing still needs an index of its own. So a submission and a
-- claim each write one index less.
CREATE INDEX runs_analyzing ON runs (submitted_at) WHERE status = 'analyzing';
DROP INDEX runs_live;
