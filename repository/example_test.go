package repository_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// Scope is the session_scope() of SQLAlchemy: everything done through the
// session commits when the function returns nil, and rolls back otherwise.
func ExampleStore_Scope() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer func() { _ = os.RemoveAll(dir) }()
	url := "sqlite://" + filepath.Join(dir, "warehouse.db")
	u, _ := dburl.Parse(url)
	m, _ := migrations.New(ctx, u)
	_, _ = m.Up(ctx)
	_ = m.Close()

	store, _ := repository.Open(ctx, url)
	defer func() { _ = store.Close() }()
	sale := models.TransformedSale{OrderID: "A-1", SoldAt: time.Now(), Quantity: 1, SalesAmount: decimal.RequireFromString("9.99"), SalesCategory: "Low"}

	err := store.Scope(ctx, func(s *repository.Session) error {
		return repository.Insert(ctx, s, []models.TransformedSale{sale}, 0)
	})
	fmt.Println("first insert:", err)

	err = store.Scope(ctx, func(s *repository.Session) error {
		return repository.Insert(ctx, s, []models.TransformedSale{sale}, 0)
	})
	fmt.Println("second insert is a conflict:", errors.Is(err, repository.ErrConflict))
	// Output:
	// first insert: <nil>
	// second insert is a conflict: true
}
