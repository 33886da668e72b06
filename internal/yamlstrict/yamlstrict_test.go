package yamlstrict_test

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/internal/yamlstrict"
)

type conf struct {
	Path  string `yaml:"path"`
	Count int    `yaml:"count"`
	Plain string
}

// node parses src and returns the value of its key "s".
func node(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "s" {
			return m.Content[i+1]
		}
	}
	t.Fatalf("no key s in %q", src)
	return nil
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, src, want string
		got             conf
	}{
		{"settings", "s: {path: a.csv, count: 2, plain: x}", "", conf{Path: "a.csv", Count: 2, Plain: "x"}},
		{"null", "s:", "", conf{}},
		{"alias and merge", "a: &a {path: a.csv}\ns: {<<: *a, count: 3}", "", conf{Path: "a.csv", Count: 3}},
		{"alias", "a: &a {path: b.csv}\ns: *a", "", conf{Path: "b.csv"}},
		{"not a mapping", "s: [1]", "line 1: the csv source takes a mapping of settings (key: value)", conf{}},
		{"unknown key", "s:\n  path: a\n  colum: b", `line 3: unknown key "colum" in the csv source; valid keys: path, count, plain`, conf{}},
		{"type error", "s: {count: many}", "csv source: line 1: cannot unmarshal !!str `many` into int", conf{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got conf
			err := yamlstrict.Decode(node(t, tt.src), &got, "the csv source", "csv source")
			if tt.want == "" {
				if err != nil || got != tt.got {
					t.Fatalf("got %+v, %v; want %+v", got, err, tt.got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v; want one line containing %q", err, tt.want)
			}
		})
	}
}

func TestDecodeNoSettings(t *testing.T) {
	err := yamlstrict.Decode(node(t, "s: {x: 1}"), &struct{}{}, "trim", "trim")
	if want := `line 1: unknown key "x" in trim; it takes no settings`; err == nil || err.Error() != want {
		t.Fatalf("error %v; want %q", err, want)
	}
}

// Conf is conf, exported to be embedded.
type Conf = conf

type inlined struct {
	Conf `yaml:",inline"`
	URL  string `yaml:"url"`
}

// The keys of a struct embedded ",inline" are valid keys of the outer one.
func TestDecodeInline(t *testing.T) {
	var got inlined
	if err := yamlstrict.Decode(node(t, "s: {url: u, path: p, count: 1}"), &got, "the x source", "x source"); err != nil {
		t.Fatal(err)
	}
	if got.URL != "u" || got.Path != "p" || got.Count != 1 {
		t.Errorf("decoded %+v", got)
	}
	err := yamlstrict.Decode(node(t, "s: {url: u, Conf: {}}"), &got, "the x source", "x source")
	if err == nil || !strings.Contains(err.Error(), `unknown key "Conf" in the x source; valid keys: path, count, plain, url`) {
		t.Errorf("err = %v", err)
	}
}
