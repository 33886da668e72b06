-- A run can be "skipped": a scheduled tick that found the pipeline's
-- previous run still going (or its lock held elsewhere) is recorded, with
-- the reason in error, instead of loading.
ALTER TABLE load_runs DROP CONSTRAINT load_runs_status_check,
    ADD CONSTRAINT load_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'skipped'));
