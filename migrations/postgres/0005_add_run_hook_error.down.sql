ALTER TABLE load_runs DROP COLUMN hook_error;
