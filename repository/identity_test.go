package repository_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

func TestDatabaseIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		got, err := openStore(t, raw).DatabaseIdentity(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := `^sqlite /.*/warehouse\.db$`
		if dialectOf(raw) == "postgres" {
			schema := regexp.MustCompile(`search_path=(\w+)`).FindStringSubmatch(raw)[1]
			want = `^postgres system \d+ database "test" schema "` + schema + `"$`
		}
		if !regexp.MustCompile(want).MatchString(got) || strings.Contains(got, "127.0.0.1") {
			t.Errorf("DatabaseIdentity = %q, want %s", got, want)
		}
	})
	got, err := openStore(t, "sqlite://:memory:").DatabaseIdentity(context.Background())
	if err != nil || got != "sqlite memory" {
		t.Errorf("DatabaseIdentity of :memory: = %q, %v", got, err)
	}
}
