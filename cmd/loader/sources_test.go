package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnknownSourceListsKinds: a pipeline naming a kind that is not
// registered is refused with the kinds the binary has, which are those
// sources.go imports.
func TestUnknownSourceListsKinds(t *testing.T) {
	dir := t.TempDir()
	pipelines := filepath.Join(dir, "pipelines.yaml")
	body := "pipelines:\n  p:\n    source: {parquet: {path: in.parquet}}\n    target: sales_data\n"
	if err := os.WriteFile(pipelines, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOADER_DATABASE_URL": "sqlite://" + filepath.Join(dir, "w.db"), "LOADER_PIPELINES": pipelines}
	mustLoader(t, env, "migrate", "up")
	r := loader(t, env, "run", "p")
	if want := `unknown source "parquet"; sources: csv, json, sql`; r.code == 0 || !strings.Contains(errLine(t, r), want) {
		t.Fatalf("exit %d, %q; want an error saying %q", r.code, r.stderr, want)
	}
}
