-- Skipped runs cannot be stored under the old CHECK: they are deleted.
DELETE FROM load_runs WHERE status = 'skipped';
ALTER TABLE load_runs DROP CONSTRAINT load_runs_status_check,
    ADD CONSTRAINT load_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled'));
