-- The run that owns each pipeline. Every batch checks it inside its own
-- transaction (a row lock), so a run whose pipeline lock vanished cannot
-- write once another run has taken the pipeline over.
CREATE TABLE load_leases (
    pipeline    text NOT NULL PRIMARY KEY,
    load_run_id integer NOT NULL,
    acquired_at datetime NOT NULL
);
