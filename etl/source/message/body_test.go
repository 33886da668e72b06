package message_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/message"
)

// Each body gives its records or one reject whose record is the key's
// object with the body's text last.
func TestBodies(t *testing.T) {
	type key struct {
		ID string `json:"_message_id"`
	}
	for _, tc := range []struct {
		format, body string
		key          any
		want         string // the values read, then the rejects' reasons and records
	}{
		{message.FormatJSON, `{"id": 1}`, nil, "[1]"},
		{message.FormatNDJSON, "{\"id\": 1}\n\n{\"id\": 2}\r\n", nil, "[1] [2]"},
		{message.FormatCSV, "1\n2\n", nil, "[1] [2]"},
		{message.FormatJSON, ``, key{"m1"}, `reject record 1: message m1: empty message body {"_message_id":"m1","_body":""}`},
		{message.FormatJSON, `{"id": `, nil, `reject record 1: not valid JSON (message m1) {"_body":"{\"id\": "}`},
		{message.FormatCSV, "1,2\n", nil, `reject record 1: message m1: CSV body: record on line 1: wrong number of fields {"_body":"1,2\n"}`},
	} {
		b := message.Split(tc.format, 1, []byte(tc.body))
		got := ""
		for n := int64(1); !b.Done(); n++ {
			rec := etl.Record{N: n}
			err := b.Fill(&rec, jsonsource.NewObjects([]string{"id"}), "m1", tc.key)
			var rej *etl.RejectError
			switch {
			case errors.As(err, &rej):
				got += fmt.Sprintf("reject %s %s", rej.Reason, rec.JSON)
			case err != nil:
				t.Fatal(err)
			default:
				got += fmt.Sprint(rec.Raw) + " "
			}
		}
		if got != tc.want && got != tc.want+" " {
			t.Errorf("%s %q: %s, want %s", tc.format, tc.body, got, tc.want)
		}
	}
}
