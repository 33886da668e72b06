-- A run's rejects in their order: the dashboard's pages of a run's rejects
-- (WHERE load_run_id = ? AND id > ? ORDER BY id LIMIT n) and their count
-- read only that run's entries. It replaces the index on load_run_id
-- alone, of which it is an extension.
CREATE INDEX idx_load_rejects_load_run_id_id ON load_rejects (load_run_id, id);
DROP INDEX idx_load_rejects_load_run_id;
