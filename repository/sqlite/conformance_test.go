package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository/repositorytest"
)

func TestConformance(t *testing.T) {
	repositorytest.Run(t, repositorytest.Target{NewURL: dbtest.SQLite, Respell: respell})
}

// respell reaches the same file through a symbolic link to its folder.
func respell(raw string) string {
	path := strings.TrimPrefix(raw, "sqlite://")
	dir := filepath.Dir(path)
	link := dir + "-link"
	if err := os.Symlink(dir, link); err != nil && !os.IsExist(err) {
		panic(err)
	}
	return "sqlite://" + filepath.Join(link, filepath.Base(path))
}

// The identity is the absolute path of the file, or "memory".
func TestIdentityIsTheFile(t *testing.T) {
	ctx := context.Background()
	got, err := repositorytest.OpenStore(t, dbtest.SQLite(t)).DatabaseIdentity(ctx)
	if want := `^sqlite /.*/warehouse\.db$`; err != nil || !regexp.MustCompile(want).MatchString(got) {
		t.Errorf("DatabaseIdentity = %q, %v; want %s", got, err, want)
	}
	got, err = repositorytest.OpenStore(t, "sqlite://:memory:").DatabaseIdentity(ctx)
	if err != nil || got != "sqlite memory" {
		t.Errorf("DatabaseIdentity of :memory: = %q, %v", got, err)
	}
}
