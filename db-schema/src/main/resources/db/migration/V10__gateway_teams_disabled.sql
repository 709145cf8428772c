-- A disabled team keeps its runs but no key of it authenticates any more.
ALTER TABLE teams ADD COLUMN IF NOT EXISTS disabled_at timestamptz;
