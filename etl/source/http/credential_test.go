package httpsource_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// A ${NAME} value that is ordinary data (an account number, 100) is not
// looked for in the checkpoint: an offset of 100 is stored as it is.
func TestShortSecretIsData(t *testing.T) {
	recs := items(150)
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, `{"data":`+slice(recs, query(r, "offset", 0), 50)+`}`)
	})
	src := factoryWith(t, "{url: "+a.URL+"/items, params: {account: \"100\"}, records: data, paginate: {offset: {limit: 50}}}", "100")
	ids, cp, err := readIDs(t, src, etl.Checkpoint{}, 100)
	if err != nil || len(ids) != 100 {
		t.Fatal(ids, err)
	}
	if err := src.(etl.Failer).Err(); err != nil || !strings.Contains(cp.Cursor, `"n":100`) || strings.Contains(cp.Cursor, "***") {
		t.Errorf("Err: %v; checkpoint %s", err, cp.Cursor)
	}
}

// A parameter is secret when its value is a ${NAME} value, or holds one
// of 8 characters or more; a short one inside a value (2024 in a date)
// leaves it as it is, in the identity too.
func TestSecretParamsByValue(t *testing.T) {
	tests := []struct {
		params, secret, want string
	}{
		{"{from: \"2024-01-01\"}", "2024", "?from=2024-01-01 "},
		{"{from: \"2024\"}", "2024", "?from=#"},
		{"{sig: \"v1-abcdefgh12\"}", "abcdefgh12", "?sig=#"},
	}
	for _, tt := range tests {
		id := factoryWith(t, "{url: https://api.example.com/v1/orders, params: "+tt.params+"}", tt.secret).Identity()
		if !strings.Contains(id, tt.want) {
			t.Errorf("%s with secret %s: identity %s, want it to hold %s", tt.params, tt.secret, id, tt.want)
		}
	}
}
