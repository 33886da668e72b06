//go:build unix

package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// `loader migrate up` on a SQLite file in a folder that does not exist
// (often a newcomer's first command) names the folder, not a server.
func TestMigrateUpInAMissingSQLiteFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no", "such", "folder")
	path := filepath.Join(dir, "w.db")
	r := loader(t, nil, "migrate", "up", "--database", "sqlite://"+path)
	want := "loader: cannot create " + path + ": folder " + dir + " does not exist; create it or fix the path"
	if line := errLine(t, r); r.code != exitError || line != want || strings.Contains(r.stderr, "server") {
		t.Fatalf("exit %d, %q\nwant 1 and %q", r.code, r.stderr, want)
	}
}

// A SQL source that names another database has the warehouse's limits:
// with --db-timeout, reading a table another session holds locked there
// ends the run, naming the limit, instead of waiting for the lock.
func TestSQLSourceOfAnotherDatabaseHasTheDBTimeout(t *testing.T) {
	bin := loaderBinary(t)
	other := dbtest.Postgres(t)
	execSQL(t, other, "CREATE TABLE orders (id integer PRIMARY KEY, order_id text)")
	pipelines := filepath.Join(t.TempDir(), "pipelines.yaml")
	write(t, pipelines, `pipelines:
  copy_orders:
    source:
      sql: {database: "${OTHER_DATABASE_URL}", table: orders, key: id}
    target: sales_data
    columns: {order_id: order_id}
`)
	env := map[string]string{"LOADER_DATABASE_URL": dbtest.Postgres(t), "LOADER_PIPELINES": pipelines, "OTHER_DATABASE_URL": other}
	mustRun(t, bin, env, "migrate", "up")
	mustRun(t, bin, env, "run", "copy_orders")
	lockTable(t, other, "orders")
	start := time.Now()
	r := waitWithin(t, startLoader(t, bin, env, "run", "copy_orders", "--db-timeout", "1s"), 15*time.Second)
	line := errLine(t, r)
	if r.code != exitError || !strings.Contains(line, "did not answer within 1s") {
		t.Fatalf("exit %d, %q: want 1 and the limit named", r.code, r.stderr)
	}
	t.Logf("after %v: %s", time.Since(start).Round(time.Millisecond), line)
}

// lockTable keeps table of the PostgreSQL database at url locked by a
// transaction of its own (ACCESS EXCLUSIVE: not even reads pass) until the
// test ends.
func lockTable(t *testing.T, url, table string) {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(context.Background(), nil)
	if err == nil {
		_, err = tx.Exec("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE")
	}
	if err != nil {
		_ = db.Close()
		t.Fatalf("locking %s: %v", table, err)
	}
	t.Cleanup(func() { _ = tx.Rollback(); _ = db.Close() })
}
