package httpsource_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

// Numbers with exponents are numbers, compared exactly.
func TestCursorExponents(t *testing.T) {
	a := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, `{"data":[{"id":1,"n":999},{"id":2,"n":1e3},{"id":3,"n":2.5E+3},{"id":4,"n":2.4e3}]}`)
	})
	src := source(t, httpsource.Config{URL: a.URL, Records: "data", Mode: etl.Append, Cursor: &httpsource.Incremental{Field: "n", Param: "since"}})
	ids, cp, err := readIDs(t, src, etl.Checkpoint{}, -1)
	if err != nil || strings.Join(ids, ",") != "1,2,3,4" || !strings.Contains(cp.Cursor, `"kind":"number","max":"2.5E+3"`) {
		t.Errorf("read %v, %v; checkpoint %s", ids, err, cp.Cursor)
	}
}
