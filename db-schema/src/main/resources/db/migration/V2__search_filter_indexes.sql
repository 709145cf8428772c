-- Search filters that keep few runs (min_error_rate, max_response_time) read these instead of
-- walking a team's whole history newest-first. Not CONCURRENTLY: services migrate at start under
-- Flyway's lock, and a concurrent build would wait forever on the other services' open lock
-- transactions. On a very large runs table, create them CONCURRENTLY by hand before upgrading.
CREATE INDEX IF NOT EXISTS runs_team_error_rate ON runs (team_id, error_rate DESC, submitted_at DESC)
    WHERE error_rate IS NOT NULL;
CREATE INDEX IF NOT EXISTS runs_team_avg_response ON runs (team_id, avg_response_time_ms, submitted_at DESC)
    WHERE avg_response_time_ms IS NOT NULL;
