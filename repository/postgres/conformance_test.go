package postgres_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/repositorytest"
)

func TestConformance(t *testing.T) {
	repositorytest.Run(t, repositorytest.Target{NewURL: dbtest.Postgres, Respell: respell})
}

// respell names the same server by another host name (localhost for
// 127.0.0.1) and adds a parameter that changes nothing.
func respell(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	if u.Hostname() == "127.0.0.1" {
		u.Host = strings.Replace(u.Host, "127.0.0.1", "localhost", 1)
	}
	q := u.Query()
	q.Set("application_name", "conformance")
	u.RawQuery = q.Encode()
	return u.String()
}

// The identity is the cluster's system identifier, the database and the
// schema, and never the host the URL names.
func TestIdentityNamesClusterDatabaseAndSchema(t *testing.T) {
	raw := dbtest.Postgres(t)
	got, err := repositorytest.OpenStore(t, raw).DatabaseIdentity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	schema := regexp.MustCompile(`search_path=(\w+)`).FindStringSubmatch(raw)[1]
	want := `^postgres system \d+ database "test" schema "` + schema + `"$`
	if !regexp.MustCompile(want).MatchString(got) || strings.Contains(got, "127.0.0.1") {
		t.Errorf("DatabaseIdentity = %q, want %s", got, want)
	}
}

// Rows whose keys are all new take the COPY fast path of an upsert.
func TestUpsertCopiesNewKeys(t *testing.T) {
	raw := dbtest.Postgres(t)
	dbtest.Migrate(t, raw)
	s := repositorytest.OpenStore(t, raw)
	ctx := context.Background()
	tbl, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		t.Fatal(err)
	}
	var copied bool
	err = s.Scope(ctx, func(sess *repository.Session) (err error) {
		_, copied, err = sess.UpsertRows(ctx, tbl, tbl.Keys, [][]any{repositorytest.SaleRow(tbl, "n1", "1", 2)}, true)
		return err
	})
	if err != nil || !copied {
		t.Fatalf("upsert of a new key = copied %v, %v; want the COPY path", copied, err)
	}
}
