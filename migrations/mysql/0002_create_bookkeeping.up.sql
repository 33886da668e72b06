CREATE TABLE load_runs (
    id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    pipeline      VARCHAR(255) NOT NULL,
    status        TEXT NOT NULL,
    started_at    DATETIME(6) NOT NULL,
    finished_at   DATETIME(6),
    rows_read     BIGINT NOT NULL DEFAULT 0,
    rows_loaded   BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    error         LONGTEXT,
    INDEX idx_load_runs_pipeline (pipeline),
    CONSTRAINT chk_load_runs_status CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE load_rejects (
    id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    load_run_id BIGINT NOT NULL,
    position    TEXT NOT NULL,
    record      LONGTEXT NOT NULL,
    reason      LONGTEXT NOT NULL,
    INDEX idx_load_rejects_load_run_id (load_run_id),
    CONSTRAINT fk_load_rejects_load_run FOREIGN KEY (load_run_id) REFERENCES load_runs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE load_state (
    pipeline      VARCHAR(255) NOT NULL PRIMARY KEY,
    source        TEXT NOT NULL,
    source_offset BIGINT NOT NULL DEFAULT 0,
    `cursor`      TEXT,
    load_run_id   BIGINT NOT NULL,
    updated_at    DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
