CREATE TABLE load_runs (
    id            bigserial PRIMARY KEY,
    pipeline      text NOT NULL,
    status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    rows_read     bigint NOT NULL DEFAULT 0,
    rows_loaded   bigint NOT NULL DEFAULT 0,
    rows_rejected bigint NOT NULL DEFAULT 0,
    error         text
);
CREATE INDEX idx_load_runs_pipeline ON load_runs (pipeline);

CREATE TABLE load_rejects (
    id          bigserial PRIMARY KEY,
    load_run_id bigint NOT NULL REFERENCES load_runs (id) ON DELETE CASCADE,
    position    text NOT NULL,
    record      text NOT NULL,
    reason      text NOT NULL
);
CREATE INDEX idx_load_rejects_load_run_id ON load_rejects (load_run_id);

CREATE TABLE load_state (
    pipeline      text NOT NULL PRIMARY KEY,
    source        text NOT NULL,
    source_offset bigint NOT NULL DEFAULT 0,
    cursor        text,
    load_run_id   bigint NOT NULL,
    updated_at    timestamptz NOT NULL
);
