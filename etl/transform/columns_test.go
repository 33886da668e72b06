package transform

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// Every step that names columns resolves them in Bind, with an error that
// names the step and wraps etl.ErrNoColumn.
func TestBindUnknownColumn(t *testing.T) {
	specs := []string{
		"- fillna: {columns: [amount], value: 0}",
		"- cast: {column: amount, to: int}",
		"- bin: {column: amount, into: tier, edges: [1], labels: [a, b]}",
		"- dedupe: {keys: [amount]}",
		"- ffill: {columns: [amount]}",
		"- derive_date: {column: amount, into: day}",
		"- rename: {mapping: {amount: total}}",
		"- select: {columns: [id, amount]}",
		"- trim: {columns: [amount]}",
		"- case: {columns: [amount], to: lower}",
		"- filter: {column: amount, op: not_null}",
		"- validate: {column: amount, not_null: true}",
	}
	for _, src := range specs {
		step, err := build(t, src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		_, _, err = step.Bind(etl.MustColumns("id", "qty"))
		if !errors.Is(err, etl.ErrNoColumn) || !strings.HasPrefix(err.Error(), step.Name()+": no column \"amount\"") {
			t.Errorf("%s: Bind error %v", src, err)
		}
	}
}

func TestWithColumn(t *testing.T) {
	in := etl.MustColumns("a", "b")
	out, i, err := withColumn(in, "b")
	if err != nil || i != 1 || out.Len() != 2 {
		t.Fatalf("existing: %v %d %v", out.Names(), i, err)
	}
	out, i, err = withColumn(in, "c")
	if err != nil || i != 2 || strings.Join(out.Names(), ",") != "a,b,c" || in.Len() != 2 {
		t.Fatalf("new: %v %d %v", out.Names(), i, err)
	}
}
