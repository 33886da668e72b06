package main

import (
	"context"
	"slices"
)

// The cases, in the order they run.
const (
	csvToPGEmpty  = "csv_to_pg_empty"
	csvToPGUpsert = "csv_to_pg_upsert"
	csvToSQLite   = "csv_to_sqlite"
	sqlToPG       = "sql_to_pg"
	csvToMariaDB  = "csv_to_mariadb"
	// apiToPG is in api.go, parquetToPG in parquet.go, filesWorkersPG in
	// files.go, rabbitToPG in rabbitmq.go, kafkaToPG in kafka.go.
)

func caseNames() []string {
	return []string{csvToPGEmpty, csvToPGUpsert, csvToSQLite, sqlToPG, csvToMariaDB, apiToPG, parquetToPG, filesWorkersPG, rabbitToPG, kafkaToPG}
}

func knownCase(name string) bool { return slices.Contains(caseNames(), name) }

// side is the loader or the reference of a case. prepare is untimed; timed
// is measured; digest reads what the run left in the target table.
type side struct {
	prepare func(ctx context.Context) error
	timed   func(ctx context.Context) (measurement, error)
	digest  func(ctx context.Context) (digest, error)
}

// benchCase is one comparison: the loader's pipeline against the database
// doing the same job its own way, with the ratio the issue asks for.
type benchCase struct {
	name      string
	loaderCmd string  // what is timed, for the report
	reference string  // what it is compared with
	target    float64 // loader rows/s ÷ reference rows/s to reach
	setup     func(ctx context.Context) error
	loader    side
	ref       side
	refFrom   string  // a case whose reference runs are reused instead of ref
	want      *digest // what both sides must load, when not the generated sales rows
	// publish, when set, returns the times of the untimed fills of a
	// broker's queue, reported beside the reference.
	publish func() []float64
}

func (b *bench) newCase(name string) benchCase {
	switch name {
	case csvToPGEmpty:
		return b.csvToPGEmpty()
	case csvToPGUpsert:
		return b.csvToPGUpsert()
	case csvToSQLite:
		return b.csvToSQLite()
	case csvToMariaDB:
		return b.csvToMariaDB()
	case apiToPG:
		return b.apiToPG()
	case parquetToPG:
		return b.parquetToPG()
	case filesWorkersPG:
		return b.filesWorkersPG()
	case rabbitToPG:
		return b.rabbitToPG()
	case kafkaToPG:
		return b.kafkaToPG()
	default:
		return b.sqlToPG()
	}
}

// csvToPGEmpty: bench_csv into an empty, freshly migrated schema against
// psql \copy of the pre-transformed CSV into another such schema.
func (b *bench) csvToPGEmpty() benchCase {
	return benchCase{
		name:      csvToPGEmpty,
		loaderCmd: "loader run bench_csv (empty table)",
		reference: `psql \copy of the pre-transformed CSV`,
		target:    0.8,
		loader: side{
			prepare: b.freshPG,
			timed:   b.loadCSV,
			digest:  b.pg.digest,
		},
		ref: b.copyReference(),
	}
}

func (b *bench) copyReference() side {
	return side{
		prepare: b.freshPG,
		timed:   b.psqlCopy,
		digest:  b.pg.digest,
	}
}

// csvToPGUpsert: bench_csv again over its own result, every row a conflict;
// the reference is the \copy figure of csv_to_pg_empty.
func (b *bench) csvToPGUpsert() benchCase {
	return benchCase{
		name:      csvToPGUpsert,
		loaderCmd: "loader run bench_csv (every row conflicts)",
		reference: `psql \copy of the pre-transformed CSV (as csv_to_pg_empty)`,
		target:    0.5,
		loader: side{
			prepare: b.loadedPG,
			timed:   b.loadCSV,
			digest:  b.pg.digest,
		},
		ref:     b.copyReference(),
		refFrom: csvToPGEmpty,
	}
}

// csvToSQLite: bench_csv into a fresh migrated SQLite file against sqlite3
// .import of the pre-transformed CSV into another.
func (b *bench) csvToSQLite() benchCase {
	lf, rf := b.dir+"/loader.db", b.dir+"/reference.db"
	return benchCase{
		name:      csvToSQLite,
		loaderCmd: "loader run bench_csv (SQLite)",
		reference: "sqlite3 .import of the pre-transformed CSV",
		target:    0.7,
		loader: side{
			prepare: func(ctx context.Context) error { return b.freshSQLite(ctx, lf) },
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, sqliteURL(lf), "bench_csv", b.data.Raw)
			},
			digest: func(ctx context.Context) (digest, error) { return sqliteDigest(ctx, lf) },
		},
		ref: side{
			prepare: func(ctx context.Context) error { return b.freshSQLite(ctx, rf) },
			timed:   func(ctx context.Context) (measurement, error) { return b.sqliteImport(ctx, rf) },
			digest:  func(ctx context.Context) (digest, error) { return sqliteDigest(ctx, rf) },
		},
	}
}

// sqlToPG: bench_transform from a loaded sales_data against one INSERT …
// SELECT DISTINCT ON doing the same in the database.
func (b *bench) sqlToPG() benchCase {
	return benchCase{
		name:      sqlToPG,
		loaderCmd: "loader run bench_transform (sales_data → transformed_sales_data)",
		reference: "psql: INSERT … SELECT DISTINCT ON (order_id) … FROM sales_data",
		target:    1.0,
		setup:     b.ingested,
		loader: side{
			prepare: b.emptyTarget,
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, b.pg.loaderURL, "bench_transform", "")
			},
			digest: b.pg.digest,
		},
		ref: side{
			prepare: b.emptyTarget,
			timed:   func(ctx context.Context) (measurement, error) { return b.psql(ctx, transformSQL) },
			digest:  b.pg.digest,
		},
	}
}

// csvToMariaDB: bench_csv into a freshly migrated MariaDB database against
// LOAD DATA LOCAL INFILE of the pre-transformed CSV into another such one.
func (b *bench) csvToMariaDB() benchCase {
	return benchCase{
		name:      csvToMariaDB,
		loaderCmd: "loader run bench_csv (MariaDB)",
		reference: "mariadb LOAD DATA LOCAL INFILE of the pre-transformed CSV",
		target:    0.7,
		loader: side{
			prepare: b.freshMariaDB,
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, b.my.loaderURL, "bench_csv", b.data.Raw)
			},
			digest: b.my.digest,
		},
		ref: side{
			prepare: b.freshMariaDB,
			timed:   func(ctx context.Context) (measurement, error) { return b.my.loadData(ctx, b.data.Pre) },
			digest:  b.my.digest,
		},
	}
}
