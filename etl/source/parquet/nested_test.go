package parquetsource_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"

	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

type address struct {
	City string `parquet:"city"`
	Zip  *int32 `parquet:"zip,optional"`
}

type price struct {
	Amount int64 `parquet:"amount,decimal(2:18)"`
	Cur    string
}

type nestedRow struct {
	ID     int64            `parquet:"id"`
	Tags   []string         `parquet:"tags,list"`
	Attrs  map[string]int64 `parquet:"attrs"`
	Addr   *address         `parquet:"addr,optional"`
	Prices []price          `parquet:"prices,list"`
	Plain  []int32          `parquet:"plain"`
}

// Lists, maps, groups and repeated fields read as compact JSON text, their
// values by the same rules as top-level ones; a NULL group reads as nil.
func TestNestedAsJSON(t *testing.T) {
	zip := int32(1234)
	rows := []nestedRow{
		{ID: 1, Tags: []string{"a", `q"uote`}, Attrs: map[string]int64{"k": 1}, Addr: &address{City: "Oslo", Zip: &zip},
			Prices: []price{{Amount: 1999, Cur: "EUR"}, {Amount: -5, Cur: "USD"}}, Plain: []int32{3, 4}},
		{ID: 2, Addr: &address{City: "Rome"}},
	}
	path := filepath.Join(t.TempDir(), "nested.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[nestedRow](f)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	src, err := parquetsource.New(path, parquetsource.Options{Columns: []string{"id", "tags", "attrs", "addr", "prices", "plain"}})
	if err != nil {
		t.Fatal(err)
	}
	sourcetest.CheckRecords(t, src, []string{"id", "tags", "attrs", "addr", "prices", "plain"}, []sourcetest.Read{
		{N: 1, Raw: sourcetest.Row(int64(1), `["a","q\"uote"]`, `{"k":1}`, `{"city":"Oslo","zip":1234}`,
			`[{"amount":19.99,"Cur":"EUR"},{"amount":-0.05,"Cur":"USD"}]`, `[3,4]`)},
		{N: 2, Raw: sourcetest.Row(int64(2), `[]`, `{}`, `{"city":"Rome","zip":null}`, `[]`, `[]`)},
	})
}
