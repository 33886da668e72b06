package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl/source"
)

// TestUnknownSourceListsKinds: a pipeline naming a kind that is not
// registered is refused with the kinds the binary has, which are those
// sources.go imports (and so this test binary registers too).
func TestUnknownSourceListsKinds(t *testing.T) {
	dir := t.TempDir()
	pipelines := filepath.Join(dir, "pipelines.yaml")
	body := "pipelines:\n  p:\n    source: {no_such_kind: {path: in.data}}\n    target: sales_data\n"
	if err := os.WriteFile(pipelines, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOADER_DATABASE_URL": "sqlite://" + filepath.Join(dir, "w.db"), "LOADER_PIPELINES": pipelines}
	mustLoader(t, env, "migrate", "up")
	r := loader(t, env, "run", "p")
	if want := `unknown source "no_such_kind"; sources: ` + strings.Join(source.Names(), ", "); r.code == 0 || !strings.Contains(errLine(t, r), want) {
		t.Fatalf("exit %d, %q; want an error saying %q", r.code, r.stderr, want)
	}
}
