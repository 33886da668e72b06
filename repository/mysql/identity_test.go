package mysql_test

import (
	"context"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// The identity names the server and database, not the URL's spelling.
func TestIdentity(t *testing.T) {
	ctx := context.Background()
	_, raw := fresh(t)
	name := raw[strings.LastIndex(raw, "/")+1:]
	spellings := []string{raw, strings.Replace(raw, "127.0.0.1", "localhost", 1) + "?readTimeout=30s"}
	var ids []string
	for _, u := range append(spellings, dbtest.MySQLBase()) {
		db, err := drv.OpenDB(config(t, u))
		if err != nil {
			t.Fatal(err)
		}
		id, err := drv.Identity(ctx, db, config(t, u))
		_ = db.Close()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if ids[0] != ids[1] || !strings.Contains(ids[0], `database "`+name+`"`) {
		t.Fatalf("identities %q and %q, want one naming database %s", ids[0], ids[1], name)
	}
	if ids[2] == ids[0] {
		t.Fatalf("another database has the same identity %q", ids[0])
	}
}
