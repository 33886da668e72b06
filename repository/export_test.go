package repository_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// collect exports q and returns the columns and the rows as text (NULL as
// \N, literals marked #).
func collect(t *testing.T, s *repository.Store, q repository.ReadQuery) ([]repository.ExportColumn, []string, error) {
	t.Helper()
	var cols []repository.ExportColumn
	var rows []string
	err := s.Export(context.Background(), q, func(c []repository.ExportColumn) error {
		cols = append(cols, c...)
		return nil
	}, func(cells []repository.Cell) error {
		parts := make([]string, len(cells))
		for i, c := range cells {
			switch {
			case c.Null:
				parts[i] = `\N`
			case c.Literal:
				parts[i] = "#" + c.Text
			default:
				parts[i] = c.Text
			}
		}
		rows = append(rows, strings.Join(parts, "|"))
		return nil
	})
	return cols, rows, err
}

// TestExport: a table streams in key order with its kinds from the
// catalogue; a query as written; a missing table, a loader's table, a
// write, and an error of the row function are errors callers can test.
func TestExport(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, err := repository.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		for _, stmt := range []string{
			"CREATE TABLE prices (sku varchar(10) PRIMARY KEY, price numeric(8,3), on_sale boolean)",
			"INSERT INTO prices VALUES ('b', 2.5, false), ('a', 10, true), ('c', NULL, NULL)",
		} {
			if err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, stmt) }); err != nil {
				t.Fatal(err)
			}
		}
		cols, rows, err := collect(t, s, repository.ReadQuery{Table: "prices"})
		if got := strings.Join(rows, " "); err != nil || got != `a|10.000|#true b|2.500|#false c|\N|\N` {
			t.Fatalf("table: %q, %v", got, err)
		}
		if len(cols) != 3 || cols[1].Kind != repository.KindDecimal || cols[1].Scale != 3 || cols[1].Precision != 8 || cols[2].Kind != repository.KindBool {
			t.Fatalf("columns %+v", cols)
		}
		if _, rows, err = collect(t, s, repository.ReadQuery{SQL: "SELECT sku FROM prices ORDER BY sku DESC;"}); err != nil || strings.Join(rows, " ") != "c b a" {
			t.Fatalf("query: %q, %v", rows, err)
		}
		for _, tc := range []struct {
			q    repository.ReadQuery
			want error
		}{
			{repository.ReadQuery{Table: "nope"}, repository.ErrNoTable},
			{repository.ReadQuery{Table: "load_state"}, repository.ErrOwnTable},
			{repository.ReadQuery{SQL: "UPDATE prices SET price = 0"}, repository.ErrReadOnly},
			{repository.ReadQuery{SQL: "SELECT 1; SELECT 2"}, repository.ErrOneStatement},
		} {
			if _, _, err := collect(t, s, tc.q); !errors.Is(err, tc.want) {
				t.Errorf("%+v: %v, want %v", tc.q, err, tc.want)
			}
		}
		stop := errors.New("stop")
		err = s.Export(ctx, repository.ReadQuery{Table: "prices"}, func([]repository.ExportColumn) error { return nil },
			func([]repository.Cell) error { return stop })
		if !errors.Is(err, stop) {
			t.Fatalf("row error: %v", err)
		}
	})
}
