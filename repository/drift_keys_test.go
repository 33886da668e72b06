package repository_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// pairKey declares a composite primary key (a, b) and a unique index on d.
type pairKey struct {
	A string  `gorm:"primaryKey;type:text"`
	B string  `gorm:"primaryKey;type:text"`
	C *string `gorm:"type:text"`
	D *string `gorm:"type:text;uniqueIndex:pair_keys_d"`
}

func (pairKey) TableName() string { return "pair_keys" }

// createPairKeys makes pair_keys with its key columns the other way round,
// a unique index on c instead of d, and other unique indexes an upsert
// cannot use: partial, over an expression (MariaDB has neither, and
// indexes text as VARCHAR(255)).
func createPairKeys(t *testing.T, s *repository.Store) {
	t.Helper()
	ctx := context.Background()
	stmts := []string{
		"CREATE TABLE pair_keys (a text NOT NULL, b text NOT NULL, c text, d text, PRIMARY KEY (b, a))",
		"CREATE UNIQUE INDEX pair_keys_c ON pair_keys (c)",
		"CREATE UNIQUE INDEX pair_keys_d_partial ON pair_keys (d) WHERE d IS NOT NULL",
		"CREATE UNIQUE INDEX pair_keys_lower_d ON pair_keys (lower(d))",
	}
	if s.Dialect() == "mysql" {
		stmts = []string{"CREATE TABLE pair_keys (a varchar(255) NOT NULL, b varchar(255) NOT NULL, c varchar(255), d varchar(255), PRIMARY KEY (b, a))", stmts[1]}
	}
	err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, stmts...) })
	if err != nil {
		t.Fatal(err)
	}
}

func TestDriftComparesPrimaryKeyOrderAndUniqueIndexes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		createPairKeys(t, s)
		d, err := s.Drift(context.Background(), &pairKey{})
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(d))
		for i, x := range d {
			got[i] = x.String()
		}
		want := []string{
			"pair_keys: primary key differs: model pairKey says (a, b), database has (b, a)",
			"pair_keys: unique index pair_keys_d on (d) declared by pairKey is missing from the database; add a migration that creates it",
			"pair_keys: unique index pair_keys_c on (c) exists in the database but pairKey declares no unique index",
			"pair_keys: unique index pair_keys_d_partial on (d) WHERE … exists in the database",
			"pair_keys: unique index pair_keys_lower_d on (<expression>) exists in the database",
		}
		if s.Dialect() == "mysql" {
			want = want[:3] // no partial or expression index
		}
		if len(got) != len(want) {
			t.Fatalf("drift = %q; want %d lines", got, len(want))
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("drift %q lacks %q", got, w)
			}
		}
	})
}

func TestRequireUniqueKey(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		createPairKeys(t, s)
		for _, ok := range []struct {
			table string
			keys  []string
		}{
			{"transformed_sales_data", []string{"order_id"}},
			{"load_state", []string{"pipeline"}},
			{"sales_data", []string{"id"}},
			{"pair_keys", []string{"a", "b"}}, // any order
			{"pair_keys", []string{"c"}},
		} {
			if err := s.RequireUniqueKey(ctx, ok.table, ok.keys); err != nil {
				t.Errorf("RequireUniqueKey(%s, %q) = %v, want nil", ok.table, ok.keys, err)
			}
		}
		for _, bad := range []struct {
			table string
			keys  []string
		}{
			{"sales_data", []string{"order_id"}},
			{"pair_keys", []string{"a"}},      // part of the key
			{"pair_keys", []string{"a", "c"}}, // more than a key
			{"pair_keys", []string{"d"}},      // partial and expression indexes only
			{"pair_keys", nil},
		} {
			err := s.RequireUniqueKey(ctx, bad.table, bad.keys)
			if !errors.Is(err, repository.ErrNoUniqueKey) || !strings.Contains(err.Error(), bad.table) || !strings.Contains(err.Error(), "add a migration with a unique index") {
				t.Errorf("RequireUniqueKey(%s, %q) = %v, want ErrNoUniqueKey naming the table", bad.table, bad.keys, err)
			}
		}
		if err := s.RequireUniqueKey(ctx, "no_such_table", []string{"id"}); !errors.Is(err, repository.ErrNotFound) {
			t.Errorf("RequireUniqueKey(no_such_table) = %v, want ErrNotFound", err)
		}
	})
}

// With the primary key of transformed_sales_data dropped by hand, an
// upsert on order_id is refused before it could append duplicates.
func TestRequireUniqueKeyWithoutThePrimaryKey(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		dropSalesPrimaryKey.apply(t, s)
		err := s.RequireUniqueKey(context.Background(), "transformed_sales_data", []string{"order_id"})
		want := "no unique key on the upsert columns: transformed_sales_data has no primary key or unique index on exactly (order_id); add a migration with a unique index on (order_id), or fix the keys"
		if !errors.Is(err, repository.ErrNoUniqueKey) || err.Error() != want {
			t.Fatalf("RequireUniqueKey = %v\nwant %s", err, want)
		}
	})
}
