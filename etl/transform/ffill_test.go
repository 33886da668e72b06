package transform

import (
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestFFill(t *testing.T) {
	step := must(t)(NewFFill(FFillConfig{Columns: []string{"region"}}))
	_, res := apply(t, step, []string{"region", "v"},
		etl.Row{nil, "1"}, etl.Row{"north", "2"}, etl.Row{nil, "3"}, etl.Row{nil, nil}, etl.Row{"south", "5"}, etl.Row{nil, "6"})
	if got := keptValues(res, 0); got != "<nil> north north north south south" {
		t.Fatalf("regions %q", got)
	}
	if got := keptValues(res, 1); got != "1 2 3 <nil> 5 6" {
		t.Fatalf("other column changed: %q", got)
	}
}

func TestFFillStateIsPerBind(t *testing.T) {
	step := must(t)(NewFFill(FFillConfig{Columns: []string{"a"}}))
	apply(t, step, []string{"a"}, etl.Row{"x"})
	_, res := apply(t, step, []string{"a"}, etl.Row{nil})
	if res[0].row[0] != nil {
		t.Fatalf("a new Bind saw the old run's value %v", res[0].row[0])
	}
}
