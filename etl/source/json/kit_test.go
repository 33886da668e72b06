package jsonsource_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// The kit's helpers, by the names this package's tests use.
type got = sourcetest.Read

var (
	writeFile = sourcetest.WriteFile
	readN     = sourcetest.ReadN
	open      = sourcetest.Open
	row       = sourcetest.Row
)

// kind is the json kind as the source kit sees it, with opts, its records
// in an array or as NDJSON.
func kind(opts jsonsource.JSONOptions, array bool) sourcetest.Kind {
	return sourcetest.Kind{
		Input: func(t *testing.T, content string) sourcetest.New {
			path := writeFile(t, "data.json", content)
			return func() (etl.Source, error) { return jsonsource.NewJSON(path, opts) }
		},
		Records: func(n int) string { return records(n, array) },
		Edit:    func(content string) string { return strings.Replace(content, `{"id":1,`, `{"id":9,`, 1) },
		Resumable: []string{
			"{\"id\":1,\"v\":\"a\"}\n\n{\"id\":2,\"v\":[1,\n2]}\n  {\"id\":3}\n5\n{\"id\":4,\"x\":1}\n{\"id\":5}\n",
			"[\n{\"id\":1,\"v\":\"a\"},\n\n  {\"id\":2,\n \"v\":{\"k\": 1}},{\"id\":3}, 7,\n{\"id\":4}\n]\n",
		},
		Bad: []string{
			"", "[]", "[1, {\"a\":1}]", "{}\n{\"a\":1}", `{"a":1,"a":2}`,
			"[\n{\"a\":1},\n{\"a\":", "[{\"a\":1},{\"a\":2},", "[{\"a\":1},\n]",
			"{\"a\":1}\n\n{\"a\" 2}\n", "[{\"a\":1}\n{\"a\":2}]", "[{\"a\":1}]\n{}",
			`{"a":1}{"a":2,"z":3} 5 [1] "s"`, "{\"a\":1}\n{\"a\":\"caf\xe9\"}\n",
			"\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		},
		SharedLines: true,
	}
}

// records returns n objects with keys id and v, one per line, in an array
// or not.
func records(n int, array bool) string {
	var b strings.Builder
	sep := "\n"
	if array {
		b.WriteString("[\n")
		sep = ",\n"
	}
	for i := 1; i <= n; i++ {
		if i == n && array {
			sep = "\n]\n"
		}
		fmt.Fprintf(&b, `{"id":%d,"v":"row %d"}%s`, i, i, sep)
	}
	return b.String()
}

func TestKit(t *testing.T) {
	t.Run("ndjson", func(t *testing.T) { sourcetest.Run(t, kind(jsonsource.JSONOptions{}, false)) })
	t.Run("array", func(t *testing.T) { sourcetest.Run(t, kind(jsonsource.JSONOptions{}, true)) })
	t.Run("given columns", func(t *testing.T) {
		k := kind(jsonsource.JSONOptions{Columns: []string{"id", "v"}}, false)
		k.Bad = []string{"{\"id\":1}\n{\"w\":2}\n", "{\"id\":1}\n{\"id\":"}
		sourcetest.Run(t, k)
	})
	for _, ext := range sourcetest.Compressions {
		for name, array := range map[string]bool{"ndjson": false, "array": true} {
			t.Run(name+ext, func(t *testing.T) {
				k := kind(jsonsource.JSONOptions{}, array)
				k.Input = func(t *testing.T, content string) sourcetest.New {
					path := writeFile(t, "data.json"+ext, string(sourcetest.Compress(t, ext, content)))
					return func() (etl.Source, error) { return jsonsource.NewJSON(path, jsonsource.JSONOptions{}) }
				}
				sourcetest.Run(t, k)
			})
		}
	}
}
