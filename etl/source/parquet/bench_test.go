package parquetsource_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

const benchRows = 1_000_000

// benchSale is a row of a sales export: text, a timestamp, integers, a
// decimal and an optional note (NULL in 9 rows of 10).
type benchSale struct {
	ID       int64   `parquet:"id"`
	SoldAt   int64   `parquet:"sold_at,timestamp(microsecond)"`
	Customer string  `parquet:"customer"`
	SKU      string  `parquet:"sku"`
	Qty      int32   `parquet:"qty"`
	Price    int64   `parquet:"price,decimal(2:12)"`
	Note     *string `parquet:"note,optional"`
}

func BenchmarkRead(b *testing.B) {
	path := filepath.Join(b.TempDir(), "sales.parquet")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := parquet.NewGenericWriter[benchSale](f, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(128<<10))
	batch := make([]benchSale, 0, 1000)
	note := "gift, wrapped"
	for i := range benchRows {
		s := benchSale{ID: int64(i), SoldAt: 1714557600000000 + int64(i)*1000, Customer: fmt.Sprintf("CUST-%05d", i%50000),
			SKU: fmt.Sprintf("SKU-%04d", i%9000), Qty: int32(i%7 + 1), Price: int64(i % 50000)}
		if i%10 == 0 {
			s.Note = &note
		}
		if batch = append(batch, s); len(batch) == cap(batch) {
			if _, err := w.Write(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	_ = f.Close()
	sourcetest.Bench(b, func() (etl.Source, error) { return parquetsource.New(path, parquetsource.Options{}) }, benchRows)
}
