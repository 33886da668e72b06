package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// TestShippedTransformReadsISOTimestamps: the shipped sales pipelines load
// sold_at written in the ISO 8601 shapes systems export (T or space,
// fractions, Z or an offset), not only the sample's layout; a time without
// an offset is UTC.
func TestShippedTransformReadsISOTimestamps(t *testing.T) {
	shapes := []struct{ text, want string }{
		{"2024-01-01T00:00:00", "2024-01-01T00:00:00Z"},
		{"2024-01-01 10:30:00", "2024-01-01T10:30:00Z"},
		{"2024-01-01T10:30:00Z", "2024-01-01T10:30:00Z"},
		{"2024-01-01T10:30:00.250+02:00", "2024-01-01T08:30:00.25Z"},
		{"2024-01-01T10:30", "2024-01-01T10:30:00Z"},
	}
	lines := []string{"order_id,sold_at,customer,product,region,quantity,sales_amount"}
	want := map[string]string{}
	for i, s := range shapes {
		id := "ISO-" + string(rune('A'+i))
		lines = append(lines, id+","+s.text+",C,Widget,East,1,10.00")
		want[id] = s.want
	}
	input := filepath.Join(t.TempDir(), "iso.csv")
	if err := os.WriteFile(input, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		mustLoader(t, env, "run", "sales_ingest", "--input", input)
		r := mustLoader(t, env, "run", "sales_transform")
		if !strings.Contains(r.stdout, "5 read, 5 loaded, 0 rejected") {
			t.Fatalf("transform: %q", r.stdout)
		}
		for id, instant := range soldAt(t, url) {
			if instant != want[id] {
				t.Errorf("%s: sold_at %s, want %s", id, instant, want[id])
			}
		}
	})
}

// soldAt reads transformed_sales_data's sold_at by order_id, as RFC 3339 UTC.
func soldAt(t *testing.T, url string) map[string]string {
	t.Helper()
	ctx := context.Background()
	s, err := repository.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	var rows []models.TransformedSale
	if err := s.Query(ctx, func(db *gorm.DB) error { return db.Find(&rows).Error }); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.OrderID] = r.SoldAt.UTC().Format(time.RFC3339Nano)
	}
	return out
}
