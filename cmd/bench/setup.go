package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
)

// The untimed preparations of the cases.

// freshPG drops and recreates the loader_bench schema and migrates it with
// the loader, so both sides start from the same empty tables.
func (b *bench) freshPG(ctx context.Context) error {
	if err := b.pg.reset(ctx); err != nil {
		return err
	}
	_, err := b.loader(ctx, b.pg.loaderURL, "migrate", "up")
	return err
}

// loadedPG is freshPG with bench_csv already loaded once, its progress
// forgotten (so a rerun reads the whole file again) and the table vacuumed,
// so every timed upsert starts from the same state.
func (b *bench) loadedPG(ctx context.Context) error {
	if err := b.freshPG(ctx); err != nil {
		return err
	}
	if _, err := b.loadCSV(ctx); err != nil {
		return err
	}
	return b.pg.exec(ctx,
		"DELETE FROM "+schema+".load_state",
		"VACUUM ANALYZE "+schema+".transformed_sales_data")
}

// loadCSV runs bench_csv on the raw CSV into PostgreSQL.
func (b *bench) loadCSV(ctx context.Context) (measurement, error) {
	return b.runPipeline(ctx, b.pg.loaderURL, "bench_csv", b.data.Raw)
}

// ingested is the set-up of sql_to_pg: the raw CSV in sales_data, loaded by
// bench_ingest, vacuumed so neither side pays for setting hint bits.
func (b *bench) ingested(ctx context.Context) error {
	if err := b.freshPG(ctx); err != nil {
		return err
	}
	if _, err := b.runPipeline(ctx, b.pg.loaderURL, "bench_ingest", b.data.Raw); err != nil {
		return err
	}
	return b.pg.exec(ctx, "VACUUM ANALYZE "+schema+".sales_data")
}

// emptyTarget empties transformed_sales_data and forgets bench_transform's
// progress, so the next run transforms every row of sales_data.
func (b *bench) emptyTarget(ctx context.Context) error {
	return b.pg.exec(ctx,
		"TRUNCATE "+schema+".transformed_sales_data",
		"DELETE FROM "+schema+".load_state")
}

// freshMariaDB drops and recreates the loader_bench database and migrates
// it with the loader.
func (b *bench) freshMariaDB(ctx context.Context) error {
	if err := b.my.reset(ctx); err != nil {
		return err
	}
	_, err := b.loader(ctx, b.my.loaderURL, "migrate", "up")
	return err
}

// freshSQLite replaces the file at path with a newly migrated database.
func (b *bench) freshSQLite(ctx context.Context, path string) error {
	if err := removeSQLite(path); err != nil {
		return err
	}
	_, err := b.loader(ctx, sqliteURL(path), "migrate", "up")
	return err
}

func removeSQLite(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// sqliteURL is the loader's URL of the SQLite file at the absolute path.
func sqliteURL(path string) string { return "sqlite://" + path }
