package httpsource_test

import (
	"fmt"
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

// A token sent in headers: that the API echoes in its next URL fails the
// batch naming the parameter; the checkpoint does not hold it.
func TestHeaderTokenInNextURL(t *testing.T) {
	const token = "h3ad3r-t0ken"
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		p := query(r, "p", 1)
		writeJSON(w, fmt.Sprintf(`{"data":%s,"next":"items?p=%d&sig=%s"}`, slice(items(4), (p-1)*2, 2), p+1, token))
	})
	src := factoryWith(t, "{url: "+a.URL+"/items, records: data, paginate: {next_url: next}, headers: {X-Auth: \"Token "+token+"\"}}", token)
	_, cp, err := readIDs(t, src, etl.Checkpoint{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := "page 1: the API put a credential in its next page's URL (parameter sig); the checkpoint cannot store it: declare that parameter with auth: {api_key: {name: sig, in: query, …}}"
	if err := src.(etl.Failer).Err(); err == nil || err.Error() != want {
		t.Errorf("Err: %v, want %s", err, want)
	}
	if strings.Contains(cp.Cursor, token) {
		t.Errorf("checkpoint %s", cp.Cursor)
	}
}
