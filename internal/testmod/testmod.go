// Package testmod copies this module's sources for tests that change
// them (a scaffolded model, another migration) and build or test the copy.
package testmod

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Copy copies the module whose root is root (relative to the test's
// directory, e.g. "../..") into a new t.TempDir and returns it: every
// regular file but .git, bin/ and a warehouse.db left in the root.
func Copy(t testing.TB, root string) string {
	t.Helper()
	root, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		switch {
		case d.IsDir() && (rel == ".git" || rel == "bin"):
			return filepath.SkipDir
		case strings.HasPrefix(rel, "warehouse.db") || !d.IsDir() && !d.Type().IsRegular():
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o750)
		}
		body, err := os.ReadFile(path) //nolint:gosec // a test's copy of its own module: the paths come from walking it
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), body, 0o600) //nolint:gosec // rel is relative to the module walked, dst a TempDir
	})
	if err != nil {
		t.Fatalf("copying the module: %v", err)
	}
	return dst
}
