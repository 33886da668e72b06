package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/warehouse-loader/loader/etl/source/csv"  // the csv kind the sample reads
	_ "github.com/warehouse-loader/loader/etl/source/json" // the json kind
	_ "github.com/warehouse-loader/loader/etl/source/sql"  // the sql kind pipelinesYAML names
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// pipelinesYAML is a pipeline file with comments around its entries.
const pipelinesYAML = `# The team's pipelines.
pipelines:
  # Raw orders.
  orders:
    source: {csv: {path: orders.csv}}
    target: sales_data

  # Cleaned orders.
  cleaned:
    source: {sql: {table: sales_data, key: id}}
    target: transformed_sales_data
# The end.
`

const moviesCSV = "Zip Code,US Gross,Release Date,Title\n00501,1234.5,12/31/2024,Alien\n02134,99.125,01/05/2023,\n"

// project returns a project folder with one migration per driver, the
// pipeline file above and a sample CSV, and the options that scaffold
// movies from it.
func project(t *testing.T) Options {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "pipelines.yaml"), pipelinesYAML)
	write(t, filepath.Join(dir, "data", "movies.csv"), moviesCSV)
	write(t, filepath.Join(dir, "models", "sales.go"), "package models\n\ntype SalesData struct{}\n")
	for _, d := range drivers.Names() {
		write(t, filepath.Join(dir, "migrations", d, "0001_create_sales.up.sql"), "CREATE TABLE x (a int);\n")
		write(t, filepath.Join(dir, "migrations", d, "0001_create_sales.down.sql"), "DROP TABLE x;\n")
	}
	return Options{Name: "movies", From: filepath.Join(dir, "data", "movies.csv"), Dir: dir,
		Pipelines: filepath.Join(dir, "pipelines.yaml"), Models: models.All()}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustRun(t *testing.T, o Options) Result {
	t.Helper()
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("scaffold %s: %v", o.Name, err)
	}
	return res
}
