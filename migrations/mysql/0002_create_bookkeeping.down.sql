DROP TABLE load_state;
DROP TABLE load_rejects;
DROP TABLE load_runs;
