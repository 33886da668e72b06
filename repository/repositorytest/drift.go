package repositorytest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

type driftedSale struct {
	models.TransformedSale
	Discount decimal.Decimal `gorm:"type:numeric(12,2);not null"`
}

func (driftedSale) TableName() string { return "transformed_sales_data" }

type missingTable struct{ ID int64 }

// drift: a migrated database agrees with the models; a missing table, a
// missing or extra column, a type or a nullability that differ are named.
func drift(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	d, err := s.Drift(ctx, models.All()...)
	if err != nil || len(d) != 0 {
		t.Fatalf("freshly migrated database drifts: %v %v", d, err)
	}
	d, err = s.Drift(ctx, &driftedSale{}, &missingTable{})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(d)
	for _, want := range []string{"transformed_sales_data.discount: declared by driftedSale.Discount but missing", "missing_tables: table is declared"} {
		if !strings.Contains(got, want) {
			t.Errorf("drift %s: want %q", got, want)
		}
	}
	err = s.Scope(ctx, func(sess *repository.Session) error {
		return sess.Exec(ctx, "ALTER TABLE load_state ADD COLUMN extra text", "ALTER TABLE load_rejects DROP COLUMN reason", "ALTER TABLE load_rejects ADD COLUMN reason integer")
	})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = s.Drift(ctx, models.All()...)
	got = fmt.Sprint(d)
	for _, want := range []string{"load_state.extra: exists in the database but no field", "load_rejects.reason: type differs", "load_rejects.reason: nullability differs"} {
		if !strings.Contains(got, want) {
			t.Errorf("drift %s: want %q", got, want)
		}
	}
}

// databaseIdentity: the identity names the database, not the URL: another
// spelling of the URL gives the same one, another database another one.
func databaseIdentity(t *testing.T, tg Target, raw string) {
	ctx := context.Background()
	identity := func(raw string) string {
		t.Helper()
		id, err := OpenStore(t, raw).DatabaseIdentity(ctx)
		if err != nil || id == "" {
			t.Fatalf("DatabaseIdentity of %s = %q, %v", dburl.Redact(raw), id, err)
		}
		return id
	}
	id := identity(raw)
	if tg.Respell != nil {
		if other := identity(tg.Respell(raw)); other != id {
			t.Errorf("another spelling of the URL gives %q, want %q", other, id)
		}
	}
	if other := identity(tg.NewURL(t)); other == id {
		t.Errorf("another database has the same identity %q", id)
	}
}
