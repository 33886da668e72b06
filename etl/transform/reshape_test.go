package transform

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestRename(t *testing.T) {
	cases := []struct {
		name    string
		mapping map[string]string
		want    string // output columns, or part of the Bind error
	}{
		{"one", map[string]string{"qty": "quantity"}, "id,quantity,price"},
		{"swap", map[string]string{"qty": "price", "price": "qty"}, "id,price,qty"},
		{"collision", map[string]string{"qty": "id"}, `rename qty: the new names collide: column "id" appears twice`},
		{"unknown", map[string]string{"amount": "x"}, `rename amount: no column "amount"; the columns are: id, qty, price`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, fn, err := must(t)(NewRename(RenameConfig{Mapping: tc.mapping})).Bind(etl.MustColumns("id", "qty", "price"))
			if err != nil {
				if !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
				return
			}
			rec := &etl.Record{Row: etl.Row{"1", "2", "3"}}
			if got := strings.Join(out.Names(), ","); got != tc.want || fn(rec) != nil || !sameRow(rec.Row, etl.Row{"1", "2", "3"}) {
				t.Fatalf("columns %s, row %v", got, rec.Row)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	step := must(t)(NewSelect(SelectConfig{Columns: []string{"price", "id"}}))
	out, fn, err := step.Bind(etl.MustColumns("id", "qty", "price"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out.Names(), ","); got != "price,id" {
		t.Fatalf("columns %s", got)
	}
	rec := &etl.Record{Row: etl.Row{"1", "2", "3"}}
	if err := fn(rec); err != nil || !sameRow(rec.Row, etl.Row{"3", "1"}) {
		t.Fatalf("row %v, err %v", rec.Row, err)
	}
	// A runner that passes the step's own output back as the next input
	// must not see it overwritten while it is read.
	in := rec.Row[:cap(rec.Row)][:2]
	in[0], in[1] = "a", "b"
	rec.Row = etl.Row{"10", "20", "30"}[:3]
	_ = fn(rec)
	if !sameRow(rec.Row, etl.Row{"30", "10"}) {
		t.Fatalf("row %v", rec.Row)
	}
	_, _, err = step.Bind(etl.MustColumns("id"))
	if !errors.Is(err, etl.ErrNoColumn) {
		t.Fatalf("err = %v", err)
	}
}

func TestRowBufferNeverAliasesInput(t *testing.T) {
	var rb rowBuffer
	first := rb.take(nil, 3)
	second := rb.take(first, 3)
	if overlaps(first, second) {
		t.Fatal("take returned the input's storage")
	}
	if overlaps(rb.take(second[1:], 3), second) {
		t.Fatal("take returned storage a sub-slice of the input lives in")
	}
	wide := rb.widen(etl.Row{"a"}, 2)
	if len(wide) != 2 || wide[0] != "a" {
		t.Fatalf("widen = %v", wide)
	}
}
