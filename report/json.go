package report

import (
	"encoding/json"
	"io"
	"reflect"
)

// WriteJSON writes v as the CLI's --format json and the API answer it:
// indented by two spaces, an empty list as [] (never null). Both use it,
// so their bytes are the same.
func WriteJSON(w io.Writer, v any) error {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = []struct{}{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
