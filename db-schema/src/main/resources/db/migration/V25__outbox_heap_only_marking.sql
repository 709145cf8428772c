-- Issue 16, intake speed: the relay's "published" mark becomes a heap-only (HOT) update.
-- Every run is written twice on its way in: the intake's insert, then the relay's
-- UPDATE runs SET published_at. That update was never HOT, because published_at sat in runs_unpublished's
-- predicate, so every index of runs got a second entry for each new run; pgbench (4 clients, 16 runs a
-- transaction, insert then mark) put it at about half of Postgres' throughput for the pair.
-- Three parts:
--   1. no index reads published_at (runs_unpublished goes);
--   2. new pages keep 30 % free, so the new version of a row fits on its page (fillfactor 70: ~96 % of the
--      marks HOT by pgbench, ~80 % at 85, ~30 % at 100);
--   3. the relay finds unpublished runs without that index: a run that just committed is marked by its id
--      (the gateway hands the ids from its commit to its relay), and the relay's sweep reads the queued runs,
--      because from here on an unpublished run is always queued (the trigger below): a run leaving queued
--      before the relay reached it (cancelled, claimed by a runner that another wake-up woke) needs no record,
--      which the relay settled itself until now.

-- A run that is not queued needs no RunRequested: settled now, as the relay would have settled it.
UPDATE runs SET published_at = now() WHERE published_at IS NULL AND status <> 'queued';

CREATE FUNCTION runs_settle_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.published_at := now();
    RETURN NEW;
END $$;

-- Every writer, present and future, keeps "unpublished => queued"; the WHEN is false for the intake's inserts
-- (queued) and for the relay's marks, so they never call the function.
CREATE TRIGGER runs_settle_outbox_unless_queued BEFORE INSERT OR UPDATE OF status, published_at ON runs FOR EACH ROW
    WHEN (NEW.status <> 'queued' AND NEW.published_at IS NULL) EXECUTE FUNCTION runs_settle_outbox();

DROP INDEX runs_unpublished;

ALTER TABLE runs SET (fillfactor = 70);
