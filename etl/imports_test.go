package etl_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The engine owns its ports: no non-test file under etl/ imports the
// storage packages (repository, models, or a package under them). The
// linter's depguard rule says the same; this test holds without it.
func TestEngineImportsNoStorage(t *testing.T) {
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			pkg, _ := strconv.Unquote(imp.Path.Value)
			if storage(pkg) {
				t.Errorf("etl/%s imports %s: the engine defines the ports it needs, and repository implements them", filepath.ToSlash(path), pkg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("found %d non-test files under etl/: the walk missed the engine", files)
	}
}

// Nor through another package: the engine's packages, built without their
// tests, depend on no storage package at all.
func TestEngineDependsOnNoStorage(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, " ")
		for _, dep := range strings.Fields(deps) {
			if storage(dep) {
				t.Errorf("%s depends on %s: the engine defines the ports it needs, and repository implements them", pkg, dep)
			}
		}
	}
}

// storage reports whether pkg is repository, models or a package under them.
func storage(pkg string) bool {
	for _, d := range []string{"github.com/warehouse-loader/loader/repository", "github.com/warehouse-loader/loader/models"} {
		if pkg == d || strings.HasPrefix(pkg, d+"/") {
			return true
		}
	}
	return false
}
