-- Skipped runs cannot be stored under the old CHECK: they are deleted.
DELETE FROM load_runs WHERE status = 'skipped';

ALTER TABLE load_rejects RENAME TO load_rejects_old;
ALTER TABLE load_runs RENAME TO load_runs_old;
DROP INDEX idx_load_rejects_load_run_id;
DROP INDEX idx_load_runs_pipeline;

CREATE TABLE load_runs (
    id            integer PRIMARY KEY AUTOINCREMENT,
    pipeline      text NOT NULL,
    status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    started_at    datetime NOT NULL,
    finished_at   datetime,
    rows_read     integer NOT NULL DEFAULT 0,
    rows_loaded   integer NOT NULL DEFAULT 0,
    rows_rejected integer NOT NULL DEFAULT 0,
    error         text,
    rows_dropped  integer NOT NULL DEFAULT 0,
    hook_error    text
);
INSERT INTO load_runs (id, pipeline, status, started_at, finished_at, rows_read, rows_loaded, rows_rejected, error, rows_dropped, hook_error)
SELECT id, pipeline, status, started_at, finished_at, rows_read, rows_loaded, rows_rejected, error, rows_dropped, hook_error FROM load_runs_old;
DELETE FROM sqlite_sequence WHERE name = 'load_runs';
INSERT INTO sqlite_sequence (name, seq) SELECT 'load_runs', seq FROM sqlite_sequence WHERE name = 'load_runs_old';

CREATE TABLE load_rejects (
    id          integer PRIMARY KEY AUTOINCREMENT,
    load_run_id integer NOT NULL REFERENCES load_runs (id) ON DELETE CASCADE,
    position    text NOT NULL,
    record      text NOT NULL,
    reason      text NOT NULL
);
INSERT INTO load_rejects (id, load_run_id, position, record, reason)
SELECT id, load_run_id, position, record, reason FROM load_rejects_old;
DELETE FROM sqlite_sequence WHERE name = 'load_rejects';
INSERT INTO sqlite_sequence (name, seq) SELECT 'load_rejects', seq FROM sqlite_sequence WHERE name = 'load_rejects_old';

DROP TABLE load_rejects_old;
DROP TABLE load_runs_old;
CREATE INDEX idx_load_runs_pipeline ON load_runs (pipeline);
CREATE INDEX idx_load_rejects_load_run_id ON load_rejects (load_run_id);
