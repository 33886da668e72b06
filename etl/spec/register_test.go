package spec_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// lines is a source kind this test registers: every line of a text file is
// one record of one column.
type lines struct {
	path, column string
	values       []string
	n            int64
}

func init() {
	source.Register("lines", func(_ context.Context, p source.Params) (etl.Source, func(), error) {
		var s struct {
			Path   string `yaml:"path"`
			Column string `yaml:"column"`
		}
		if err := p.Decode("lines", &s); err != nil {
			return nil, nil, err
		}
		return &lines{path: p.Path(s.Path), column: s.Column}, func() {}, nil
	})
}

func (l *lines) Identity() string { return "lines" }

func (l *lines) Open(_ context.Context, from etl.Checkpoint) (etl.Columns, error) {
	body, err := os.ReadFile(l.path)
	if err != nil {
		return etl.Columns{}, err
	}
	l.values, l.n = strings.Fields(string(body)), from.Records
	return etl.NewColumns(l.column)
}

func (l *lines) Next(_ context.Context, rec *etl.Record) error {
	if l.n >= int64(len(l.values)) {
		return io.EOF
	}
	l.n++
	rec.N, rec.Line = l.n, l.n
	rec.Raw = append(rec.Raw[:0], l.values[l.n-1])
	return nil
}

func (l *lines) Checkpoint() etl.Checkpoint { return etl.Checkpoint{Records: l.n} }
func (l *lines) Close() error               { return nil }

// TestRegisteredSourceLoads: a kind registered with source.Register is
// usable from a pipeline file, with its path relative to the file, and is
// listed among the sources when a kind is unknown.
func TestRegisteredSourceLoads(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		store := openStore(t, url)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "ids.txt"), []byte("a1\nb2\nc3\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "pipelines.yaml")
		body := "pipelines:\n  p:\n    source:\n      lines: {path: ids.txt, column: order_id}\n    target: sales_data\n"
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := spec.Load(path, func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		p, closeFn, err := f.Build(ctx, "p", spec.Options{Targets: repository.NewTargets(store, models.All()...), Databases: repository.OpenDatabases(store)})
		if err != nil {
			t.Fatal(err)
		}
		defer closeFn()
		if _, err := (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(ctx, p); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := repository.Stream(ctx, store, "id", 100, func(b []models.SalesData) error {
			for _, r := range b {
				got = append(got, *r.OrderID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, " ") != "a1 b2 c3" {
			t.Fatalf("sales_data order ids %q, want a1 b2 c3", got)
		}
	})
	_, err := spec.Parse([]byte("pipelines:\n  p:\n    source: {parquet: {}}\n    target: sales_data\n"), func(string) string { return "" })
	if want := `line 3: unknown source "parquet"; sources: csv, json, lines, sql`; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}
