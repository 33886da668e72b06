package jsonsource_test

import (
	"os"
	"path/filepath"
	"testing"

	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`[{"a":1,"b":"x"},{"b":null,"a":[1,{"c":2}]}]`,
		"{\"a\":1}\n\n{\"a\":2.50,\"b\":true}\n",
		"\ufeff[ {\"a\" : \"\\u00e9\\\"\"} ]",
		`[{"a":1},`,
		`{"a":1}{"a":2,"z":3} 5 [1] "s"`,
		`[{"a":1}] x`,
		`{"a":1,"a":2}`,
		"",
	} {
		f.Add(s)
	}
	path := filepath.Join(f.TempDir(), "f.json")
	f.Fuzz(func(t *testing.T, content string) {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil { // a worker runs one input at a time
			t.Fatal(err)
		}
		src, err := jsonsource.NewJSON(path, jsonsource.JSONOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sourcetest.Survive(t, src, true)
	})
}
