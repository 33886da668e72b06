ALTER TABLE load_state DROP COLUMN rows_loaded;
ALTER TABLE load_runs DROP COLUMN rows_dropped;
