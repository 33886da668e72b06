-- The files of pipelines that read many (a glob, a folder, an S3
-- prefix): the version each was last loaded or failed in. A file's
-- checkpoint and lease are in load_state and load_leases under unit.
CREATE TABLE load_units (
    unit        VARCHAR(255) NOT NULL PRIMARY KEY,
    pipeline    VARCHAR(255) NOT NULL,
    name        TEXT NOT NULL,
    stamp       TEXT NOT NULL,
    status      TEXT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    load_run_id BIGINT NOT NULL,
    error       LONGTEXT,
    updated_at  DATETIME(6) NOT NULL,
    INDEX idx_load_units_pipeline (pipeline)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
