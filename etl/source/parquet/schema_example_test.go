package parquetsource_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
)

func ExampleSchema() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data.parquet")
	_ = parquet.WriteFile(path, []exampleRow{{ID: 1, Amount: 1999, Day: 19723, Tags: []string{"a"}}})

	fields, _ := parquetsource.Schema(context.Background(), path)
	for _, f := range fields {
		fmt.Println(f.Name, f.Type, f.Precision, f.Scale, f.Optional)
	}
	// Output:
	// id int 0 0 false
	// amount decimal 10 2 false
	// day date 0 0 false
	// tags json 0 0 false
}
