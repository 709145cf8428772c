-- The one schema of the k6 runner service. Flyway owns it; every service runs the migrations at
-- start, and Flyway's Postgres advisory lock makes racing starts safe (one migrates, the rest wait).

-- Teams and their API keys. Keys are stored as SHA-256 hashes, never in clear.
CREATE TABLE teams (
    id               text PRIMARY KEY,
    name             text        NOT NULL,
    max_active_runs  integer     NOT NULL DEFAULT 20 CHECK (max_active_runs > 0),
    created_at       timestamptz NOT NULL DEFAULT now()
);
-- Local mode and key-less clients act as this team.
INSERT INTO teams (id, name) VALUES ('default', 'default');

CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    team_id     text        NOT NULL REFERENCES teams (id),
    key_hash    bytea       NOT NULL UNIQUE,
    label       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- One row per run. The row is also the outbox: published_at stays null until RunRequested is
-- on Kafka, so an accepted run can never be lost between Postgres and Kafka.
CREATE TABLE runs (
    id                   uuid PRIMARY KEY,
    team_id              text        NOT NULL REFERENCES teams (id),
    name                 text        NOT NULL,
    status               text        NOT NULL CHECK (status IN
                           ('queued','running','analyzing','completed','failed','cancelled','timed_out','interrupted')),
    status_reason        text,
    -- what was asked
    script               text        NOT NULL,
    vus                  integer,
    duration             text,
    iterations           integer,
    env                  jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- never echoed back
    tags                 jsonb       NOT NULL DEFAULT '{}'::jsonb,
    timeout_seconds      integer     NOT NULL,
    idempotency_key      text,
    -- when
    submitted_at         timestamptz NOT NULL,
    started_at           timestamptz,
    finished_at          timestamptz,
    -- outbox
    published_at         timestamptz,
    publish_attempts     integer     NOT NULL DEFAULT 0,
    -- the claim: which runner holds it, under which attempt, until when
    runner_id            text,
    attempt_id           uuid,
    lease_expires_at     timestamptz,
    cancel_requested_at  timestamptz,
    progress             jsonb,
    -- k6's end
    k6_exit_code         integer,
    -- the summary of the analysis, denormalized here so history and search read one table
    has_anomalies        boolean,
    severity             text,
    avg_response_time_ms double precision,
    p95_response_time_ms double precision,
    error_rate           double precision,
    throughput_rps       double precision,
    total_requests       bigint,
    vus_max              integer,
    duration_seconds     double precision,
    CONSTRAINT runs_idempotency UNIQUE (team_id, idempotency_key)
);

-- history, and search by time: keyset pagination newest first
CREATE INDEX runs_team_submitted ON runs (team_id, submitted_at DESC, id DESC);
-- search by test name, and baselines over a test's recent runs
CREATE INDEX runs_team_name_submitted ON runs (team_id, name, submitted_at DESC, id DESC);
-- search anomalies_only without scanning healthy runs
CREATE INDEX runs_team_anomalies ON runs (team_id, submitted_at DESC, id DESC) WHERE has_anomalies;
-- search by status
CREATE INDEX runs_team_status_submitted ON runs (team_id, status, submitted_at DESC, id DESC);
-- search by tag=key:value
CREATE INDEX runs_tags ON runs USING gin (tags jsonb_path_ops);
-- quota, queue position, stuck-run sweeps: only live runs, so the index stays small
CREATE INDEX runs_live ON runs (status, submitted_at) WHERE status IN ('queued', 'running', 'analyzing');
CREATE INDEX runs_team_live ON runs (team_id, status) WHERE status IN ('queued', 'running');
-- the outbox relay
CREATE INDEX runs_unpublished ON runs (submitted_at) WHERE published_at IS NULL;
-- retention
CREATE INDEX runs_submitted ON runs (submitted_at);

-- What k6 produced and what the analyzer made of it. Written by the runner (raw) and the
-- analyzer (metrics, analysis); read only for the full result document.
CREATE TABLE run_results (
    run_id          uuid PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    attempt_id      uuid        NOT NULL,
    runner_id       text,
    outcome         text        NOT NULL,
    outcome_reason  text,
    k6_exit_code    integer,
    raw_summary     text,       -- k6's --summary-export, byte for byte
    console_output  text,
    digest          jsonb,      -- timeline, endpoints, histogram, load-generator health
    metrics         jsonb,
    thresholds      jsonb,
    analysis        jsonb,
    analyzer        text,
    stored_at       timestamptz NOT NULL DEFAULT now(),
    analyzed_at     timestamptz
);

-- One row per finding, for the statistics by type and severity.
CREATE TABLE anomalies (
    id              bigserial PRIMARY KEY,
    run_id          uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    team_id         text        NOT NULL,
    submitted_at    timestamptz NOT NULL,
    type            text        NOT NULL,
    severity        text        NOT NULL,
    metric          text,
    observed        double precision,
    expected        text,
    message         text        NOT NULL,
    recommendation  text,
    source          text        NOT NULL   -- rules, timeline, baseline, ai
);
CREATE INDEX anomalies_run ON anomalies (run_id);
CREATE INDEX anomalies_team_submitted ON anomalies (team_id, submitted_at);

-- A test's pinned baseline run, chosen by a user; otherwise the baseline is computed.
CREATE TABLE baselines (
    team_id     text        NOT NULL,
    name        text        NOT NULL,
    run_id      uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    pinned_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, name)
);

-- The fleet: each runner's capacity and heartbeat.
CREATE TABLE runners (
    id              text PRIMARY KEY,
    host            text        NOT NULL,
    k6_version      text,
    k6_available    boolean     NOT NULL DEFAULT false,
    confinement     text        NOT NULL,    -- e.g. 'bubblewrap', or 'none: <why>'
    accepts_runs    boolean     NOT NULL DEFAULT true,
    capacity        integer     NOT NULL,
    busy            integer     NOT NULL DEFAULT 0,
    started_at      timestamptz NOT NULL DEFAULT now(),
    last_heartbeat  timestamptz NOT NULL DEFAULT now()
);
