package main

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// The Parquet file and the CSV \copy loads hold the same rows, in order,
// and the digest counts them all.
func TestWriteParquetMatchesItsCSV(t *testing.T) {
	const n = 2500 // a partial last batch
	d, err := writeParquet(t.TempDir(), n)
	if err != nil {
		t.Fatal(err)
	}
	if d.Want.Rows != n {
		t.Errorf("digest rows = %d, want %d", d.Want.Rows, n)
	}
	pq, err := parquet.ReadFile[pqSale](d.Parquet)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(d.Pre)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(pq) != n || len(recs) != n+1 {
		t.Fatalf("parquet rows = %d, csv records = %d, want %d and %d", len(pq), len(recs), n, n+1)
	}
	for _, i := range []int{0, 1, 10, n - 1} {
		s, rec := pq[i], recs[i+1]
		region := ""
		if s.Region != nil {
			region = *s.Region
		}
		if s.OrderID != rec[0] || region != rec[4] || amountText(s.Amount) != rec[6] {
			t.Errorf("row %d: parquet %+v, csv %q", i, s, rec)
		}
	}
	if pq[10].Region != nil || recs[11][4] != "" {
		t.Errorf("row 10: region %v / %q, want NULL and empty", pq[10].Region, recs[11][4])
	}
}
