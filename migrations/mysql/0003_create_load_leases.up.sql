-- The run that owns each pipeline. Every batch checks it inside its own
-- transaction (a row lock), so a run whose pipeline lock vanished cannot
-- write once another run has taken the pipeline over.
CREATE TABLE load_leases (
    pipeline    VARCHAR(255) NOT NULL PRIMARY KEY,
    load_run_id BIGINT NOT NULL,
    acquired_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
