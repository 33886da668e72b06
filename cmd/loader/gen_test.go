package main

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/warehouse-loader/loader/internal/salesgen"
)

func writeSales(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if err := salesgen.Write(f, n, 42); err != nil {
		t.Fatal(err)
	}
}

// readCSV returns every record of a CSV file, header included, whatever
// its field count.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
