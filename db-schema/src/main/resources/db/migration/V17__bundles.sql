-- Multi-file tests and k6 archives. A bundle is stored once per content (sha256 of its bytes), however many runs
-- use it: the same CI test runs hundreds of times. A runner reads it from here, by the hash its run names, so no
-- network path a script could use ever serves it. Retention deletes bundles no run references any more.
CREATE TABLE bundles (
    sha256       text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- 'files': a canonical tar of the JSON files map, written beside script.js; 'archive': a k6 archive, run as is
    kind         text        NOT NULL CHECK (kind IN ('files', 'archive')),
    content      bytea       NOT NULL,
    bytes        bigint      NOT NULL CHECK (bytes >= 0),
    -- the bundle's file names, for the result document (an archive's as `k6 archive` stored them)
    files        text[]      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- refreshed (and the row locked) by every submission that uses it, so retention never deletes a bundle
    -- between its upload and the insert of the run that references it
    last_used_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE runs ADD COLUMN bundle_sha256 text REFERENCES bundles (sha256);

CREATE INDEX runs_by_bundle ON runs (bundle_sha256) WHERE bundle_sha256 IS NOT NULL;
