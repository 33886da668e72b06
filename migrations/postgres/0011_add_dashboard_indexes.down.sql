CREATE INDEX idx_load_rejects_load_run_id ON load_rejects (load_run_id);
DROP INDEX idx_load_rejects_load_run_id_id;
