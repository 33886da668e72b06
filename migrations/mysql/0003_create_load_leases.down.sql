DROP TABLE load_leases;
