-- The rows a run dropped (filtered out by its steps), committed with its
-- other counts; and the rows the pipeline loaded under its checkpoint, so
-- a run can tell that the target no longer holds what the checkpoint
-- describes (the table was recreated or emptied).
ALTER TABLE load_runs ADD COLUMN rows_dropped integer NOT NULL DEFAULT 0;
ALTER TABLE load_state ADD COLUMN rows_loaded integer NOT NULL DEFAULT 0;
