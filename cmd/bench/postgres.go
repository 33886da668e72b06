package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" database/sql driver

	"github.com/warehouse-loader/loader/internal/dburl"
)

// schema is where every PostgreSQL case runs; it is dropped and created
// again before each run.
const schema = "loader_bench"

// postgres is the benchmark's own connection to the server, for set-up and
// checksums, and the URLs the loader and psql are given.
type postgres struct {
	db        *sql.DB
	loaderURL string // search_path=loader_bench, as the loader takes it
	psqlURL   string // options=-csearch_path=loader_bench, as libpq takes it
	version   string
}

func openPostgres(ctx context.Context, base string) (*postgres, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("-database %s: %w", dburl.Redact(base), err)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		return nil, err
	}
	p := &postgres{db: db}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.QueryRowContext(pctx, "SHOW server_version").Scan(&p.version); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("PostgreSQL at %s unreachable: %s", dburl.Redact(base), dburl.Cause(err))
	}
	q := u.Query()
	q.Del("options")
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	p.loaderURL = u.String()
	q.Del("search_path")
	q.Set("options", "-csearch_path="+schema)
	u.RawQuery = q.Encode()
	p.psqlURL = u.String()
	return p, nil
}

// reset drops the schema and creates it empty.
func (p *postgres) reset(ctx context.Context) error {
	return p.exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE", "CREATE SCHEMA "+schema)
}

// exec runs statements one by one, outside a transaction (VACUUM needs that).
func (p *postgres) exec(ctx context.Context, stmts ...string) error {
	for _, s := range stmts {
		if _, err := p.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %s", s, dburl.Cause(err))
		}
	}
	return nil
}

func (p *postgres) digest(ctx context.Context) (digest, error) {
	var d digest
	if err := p.db.QueryRowContext(ctx, pgDigestSQL).Scan(&d.Rows, &d.Sum); err != nil {
		return d, fmt.Errorf("checksum of %s.transformed_sales_data: %s", schema, dburl.Cause(err))
	}
	return d, nil
}

func (p *postgres) close(ctx context.Context, keep bool) {
	if !keep {
		_ = p.exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	}
	_ = p.db.Close()
}
