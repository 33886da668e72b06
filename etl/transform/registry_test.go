package transform

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"go.yaml.in/yaml/v3"
)

// settingsOf parses a pipeline fragment `- name: {settings}` and returns
// the step name and its settings node, as a spec reader would.
func settingsOf(t *testing.T, src string) (string, *yaml.Node) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	entry := doc.Content[0].Content[0]
	return entry.Content[0].Value, entry.Content[1]
}

func build(t *testing.T, src string) (etl.Step, error) {
	t.Helper()
	name, node := settingsOf(t, src)
	f, ok := Lookup(name)
	if !ok {
		t.Fatalf("no step %q", name)
	}
	return f(node)
}

func TestBuiltinsAreRegistered(t *testing.T) {
	want := []string{"bin", "case", "cast", "dedupe", "derive_date", "drop_duplicates", "fillna",
		"ffill", "filter", "rename", "select", "trim", "validate"}
	got := Names() // the examples register mask_email too
	if !slices.IsSorted(got) {
		t.Fatalf("Names() = %v, not sorted", got)
	}
	for _, n := range want {
		if !slices.Contains(got, n) {
			t.Errorf("%q is not registered; Names() = %v", n, got)
		}
	}
}

func TestFactoriesBuildFromYAML(t *testing.T) {
	specs := []string{
		"- fillna: {columns: [amount], value: 0}",
		"- cast: {column: amount, to: decimal, scale: 2, rounding: half_up}",
		"- cast: {column: sold_at, to: timestamp, formats: [rfc3339, '2006-01-02 15:04:05'], timezone: Europe/Berlin}",
		"- bin: {column: amount, into: tier, edges: [100, 500.5], labels: [Low, Medium, High], right: false, min: 0}",
		"- dedupe: {keys: [id]}",
		"- drop_duplicates: {}",
		"- drop_duplicates:",
		"- ffill: {columns: [region]}",
		"- derive_date: {column: sold_at, into: sale_date, timezone: UTC}",
		"- rename: {mapping: {amt: amount}}",
		"- select: {columns: [id, amount]}",
		"- trim: {all: true}",
		"- case: {columns: [region], to: title}",
		"- filter: {column: amount, op: in, values: [1, 2.5]}",
		"- validate: {column: qty, not_null: true, min: 1, max: 100, in: [1, 2], regex: '^\\d+$', min_length: 1, max_length: 3}",
	}
	for _, src := range specs {
		if _, err := build(t, src); err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
}

func TestStrictDecodeErrors(t *testing.T) {
	cases := []struct {
		src  string
		want string
	}{
		{"- cast:\n    column: amount\n    colum: amount\n    to: int\n",
			`line 3: unknown key "colum" in cast; valid keys: column, to, scale, rounding, format, formats, timezone, true_values, false_values`},
		{"- drop_duplicates: {keys: [id]}", `line 1: unknown key "keys" in drop_duplicates; it takes no settings`},
		{"- cast:\n    column: amount\n    to: decimal\n    scale: two\n",
			"cast: line 4: cannot unmarshal !!str `two` into int32"},
		{"- fillna:\n    columns: amount\n", "fillna: line 2: cannot unmarshal !!str `amount` into []string"},
		{"- cast: [amount, int]", "line 1: cast takes a mapping of settings (key: value)"},
		{"- cast: {column: a, column: b, to: int}", `mapping key "column" already defined`},
		{"- cast: {column: a, to: intt}", `cast a: to "intt" is not one of int, decimal, bool, timestamp, date, string, float`},
	}
	for _, tc := range cases {
		_, err := buildOrParse(t, tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.src, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error spans lines: %q", tc.src, err)
		}
	}
}

// buildOrParse is build, returning yaml's own error for a malformed document.
func buildOrParse(t *testing.T, src string) (etl.Step, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, err
	}
	return build(t, src)
}

func TestFactoryKeepsErrKeepLast(t *testing.T) {
	_, err := build(t, "- dedupe: {keys: [id], keep: last}")
	if !errors.Is(err, ErrKeepLast) {
		t.Fatalf("err = %v", err)
	}
}

func TestRegisterPanicsOnDuplicate(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	Register("cast", NewFactory("cast", NewCast))
}
