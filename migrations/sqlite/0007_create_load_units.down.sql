DROP TABLE load_units;
