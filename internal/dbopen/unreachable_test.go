package dbopen_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/repository"
)

// An unreachable warehouse, opened by the Store or by the Migrator, fails
// with an error that matches the one sentinel under all three names, on
// both dialects: a caller need not know which of the two opened it.
func TestUnreachableIsOneSentinel(t *testing.T) {
	urls := map[string]string{
		"postgres": "postgres://bob:s3cret@127.0.0.1:1/nope?connect_timeout=5",
		"sqlite":   "sqlite://" + filepath.Join(t.TempDir(), "missing", "warehouse.db"),
	}
	for name, raw := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			_, storeErr := repository.Open(ctx, raw)
			u, err := dburl.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			_, migErr := migrations.New(ctx, u)
			for opener, err := range map[string]error{"repository.Open": storeErr, "migrations.New": migErr} {
				for sentinel, target := range map[string]error{
					"dbopen": dbopen.ErrUnreachable, "repository": repository.ErrUnreachable, "migrations": migrations.ErrUnreachable,
				} {
					if !errors.Is(err, target) {
						t.Errorf("%s = %v, want it to match %s.ErrUnreachable", opener, err, sentinel)
					}
				}
			}
		})
	}
}
