package main

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/repository"
)

// requireCurrentSchema refuses a warehouse whose schema is dirty or older
// than the migrations embedded in this loader. A run checks it twice: at
// once, for a quick answer, and again once it holds its pipeline lock
// (etl.Runner.Ready), which holds the warehouse shared so that no
// migration changes the schema until the run ends.
func requireCurrentSchema(ctx context.Context, s *repository.Store) error {
	v, dirty, err := schemaVersion(ctx, s)
	if err != nil {
		return err
	}
	files, err := migrations.ReadFiles(migrations.Embedded, string(s.Dialect()))
	if err != nil {
		return err
	}
	return migrations.RequireCurrent(files, v, dirty)
}

// schemaVersion reads golang-migrate's schema_migrations row: version 0
// when the table or the row is missing (nothing applied).
func schemaVersion(ctx context.Context, s *repository.Store) (uint, bool, error) {
	ok, err := s.HasTable(ctx, "schema_migrations")
	if err != nil || !ok {
		return 0, false, err
	}
	_, rows, err := s.ReadPage(ctx, repository.ReadQuery{Table: "schema_migrations", Key: "version", Limit: 1}, nil)
	if err != nil {
		return 0, false, fmt.Errorf("reading the schema version: %w", err)
	}
	if len(rows) == 0 {
		return 0, false, nil
	}
	v, ok := rows[0][0].(int64)
	if !ok {
		return 0, false, fmt.Errorf("reading the schema version: schema_migrations.version is %T %v, want a number", rows[0][0], rows[0][0])
	}
	dirty := rows[0][1] == true || rows[0][1] == int64(1)
	if v < 0 { // golang-migrate's "none", written dirty by a failed last down
		return 0, dirty, nil
	}
	return uint(v), dirty, nil
}
