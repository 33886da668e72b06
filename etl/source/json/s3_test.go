package jsonsource_test

import (
	"testing"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// TestKitOnS3 runs the source kit over NDJSON and JSON array objects in
// an S3 store, plain and compressed.
func TestKitOnS3(t *testing.T) {
	srv := s3test.Serve(t)
	for _, array := range []bool{false, true} {
		for _, ext := range append([]string{""}, sourcetest.Compressions...) {
			t.Run(map[bool]string{false: "ndjson", true: "array"}[array]+ext, func(t *testing.T) {
				k := kind(jsonsource.JSONOptions{}, array)
				k.Input = func(t *testing.T, content string) sourcetest.New {
					url := srv.Input(t, "data.json", ext, content)
					return func() (etl.Source, error) { return jsonsource.NewJSON(url, jsonsource.JSONOptions{}) }
				}
				sourcetest.Run(t, k)
			})
		}
	}
}
