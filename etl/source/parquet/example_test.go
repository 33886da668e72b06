package parquetsource_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
)

type exampleRow struct {
	ID     int64    `parquet:"id"`
	Amount int64    `parquet:"amount,decimal(2:10)"`
	Day    int32    `parquet:"day,date"`
	Tags   []string `parquet:"tags,list"`
}

func ExampleNew() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data.parquet")
	_ = parquet.WriteFile(path, []exampleRow{{ID: 1, Amount: 1999, Day: 19723, Tags: []string{"a", "b"}}})

	src, _ := parquetsource.New(path, parquetsource.Options{Columns: []string{"id", "amount", "day", "tags"}})
	ctx := context.Background()
	cols, _ := src.Open(ctx, etl.Checkpoint{})
	defer src.Close()
	var rec etl.Record
	_ = src.Next(ctx, &rec)
	fmt.Println(cols.Names())
	fmt.Println(rec.Raw[0], rec.Raw[1], rec.Raw[2].(time.Time).Format("2006-01-02"), rec.Raw[3])
	// Output:
	// [id amount day tags]
	// 1 19.99 2024-01-01 ["a","b"]
}
