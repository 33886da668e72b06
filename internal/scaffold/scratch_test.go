package scaffold

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/warehouse-loader/loader/etl/source/csv"
	_ "github.com/warehouse-loader/loader/etl/source/json"
)

func TestScratch(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "models"), 0o755)
	for _, d := range []string{"postgres", "sqlite", "mysql"} {
		os.MkdirAll(filepath.Join(dir, "migrations", d), 0o755)
		os.WriteFile(filepath.Join(dir, "migrations", d, "0001_a.up.sql"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(dir, "migrations", d, "0001_a.down.sql"), []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "pipelines.yaml"), []byte("# top\npipelines:\n  # first\n  a:\n    source: {csv: {path: x.csv}}\n    target: a\n# tail\n"), 0o644)
	res, err := Run(context.Background(), Options{Name: "movies", From: "/tmp/sc/movies.csv", Keys: []string{"Zip Code"}, Dir: dir, Pipelines: filepath.Join(dir, "pipelines.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Paths {
		b, _ := os.ReadFile(p)
		fmt.Printf("== %s\n%s\n", p, b)
	}
}
