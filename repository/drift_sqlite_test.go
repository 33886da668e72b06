package repository_test

import (
	"context"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

type tabbed struct {
	Code string  `gorm:"primaryKey;type:text"`
	Name string  `gorm:"type:text;not null"`
	Note *string `gorm:"type:text"`
}

func (tabbed) TableName() string { return "tabbed" }

// GORM's SQLite driver reads NOT NULL from the CREATE TABLE text with
// patterns a tab defeats; the drift check reads PRAGMA table_info instead.
func TestDriftReadsSQLiteNullabilityFromTableInfo(t *testing.T) {
	s := openStore(t, dbtest.SQLite(t))
	ctx := context.Background()
	err := s.Scope(ctx, func(sess *repository.Session) error {
		return sess.Exec(ctx, "CREATE TABLE tabbed (\n\tcode\ttext NOT NULL PRIMARY KEY,\n\tname\ttext\tNOT NULL, note text\n)")
	})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := s.Drift(ctx, &tabbed{}); err != nil || len(d) != 0 {
		t.Fatalf("Drift = %v, %v; want none", d, err)
	}
}
