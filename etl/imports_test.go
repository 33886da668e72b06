package etl_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The engine owns its ports: no non-test file under etl/ imports the
// storage packages (repository, models, or a package under them). The
// linter's depguard rule says the same; this test holds without it.
func TestEngineImportsNoStorage(t *testing.T) {
	denied := []string{
		"github.com/warehouse-loader/loader/repository",
		"github.com/warehouse-loader/loader/models",
	}
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
			for _, d := range denied {
				if pkg == d || strings.HasPrefix(pkg, d+"/") {
					t.Errorf("etl/%s imports %s: the engine defines the ports it needs, and repository implements them", filepath.ToSlash(path), pkg)
				}
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
