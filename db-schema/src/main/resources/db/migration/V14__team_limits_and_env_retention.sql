-- Limits a script cannot talk past, per team. NULL means only the server's own maximum applies.
-- egress_allow: the team's own allow-list (CIDRs or host names) of otherwise blocked addresses; runners
-- grant only what the operator's allow-list also permits.
ALTER TABLE teams
    ADD COLUMN max_vus              integer CHECK (max_vus > 0),
    ADD COLUMN max_duration_seconds bigint  CHECK (max_duration_seconds > 0),
    ADD COLUMN egress_allow         text[]  NOT NULL DEFAULT '{}';

-- A run's env values are secrets that k6 needs only while the run can still start or is running. Once it
-- has ended, whoever ends it (runner, cancel, reaper), the values go; the keys stay for the document's env_keys.
CREATE FUNCTION runs_drop_env_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.env := COALESCE((SELECT jsonb_object_agg(key, 'null'::jsonb) FROM jsonb_each(NEW.env)), '{}'::jsonb);
    RETURN NEW;
END
$$;

CREATE TRIGGER runs_env_values_end_with_the_run
    BEFORE UPDATE OF status ON runs
    FOR EACH ROW
    WHEN (NEW.status NOT IN ('queued', 'running') AND NEW.env <> '{}'::jsonb)
    EXECUTE FUNCTION runs_drop_env_values();

UPDATE runs SET env = COALESCE((SELECT jsonb_object_agg(key, 'null'::jsonb) FROM jsonb_each(env)), '{}'::jsonb)
WHERE status NOT IN ('queued', 'running') AND env <> '{}'::jsonb;
