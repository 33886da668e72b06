-- Skipped runs cannot be stored under the old CHECK: they are deleted.
DELETE FROM load_runs WHERE status = 'skipped';
ALTER TABLE load_runs DROP CONSTRAINT chk_load_runs_status;
ALTER TABLE load_runs ADD CONSTRAINT chk_load_runs_status CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled'));
