-- The files of pipelines that read many (a glob, a folder, an S3
-- prefix): the version each was last loaded or failed in. A file's
-- checkpoint and lease are in load_state and load_leases under unit.
CREATE TABLE load_units (
    unit        text NOT NULL PRIMARY KEY,
    pipeline    text NOT NULL,
    name        text NOT NULL,
    stamp       text NOT NULL,
    status      text NOT NULL,
    rows_loaded bigint NOT NULL,
    load_run_id bigint NOT NULL,
    error       text,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX idx_load_units_pipeline ON load_units (pipeline);
