package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// APIOrder is the table api_orders, loaded from the demo orders API
// (cmd/demo-api) by the orders_api pipeline of examples/api/pipelines.yaml:
// one row per order, its latest change. Amount is an exact decimal; the
// times are UTC; Customer holds the nested customer object as JSON text.
type APIOrder struct {
	OrderID   string          `gorm:"column:order_id;primaryKey;type:text"`
	Status    string          `gorm:"column:status;not null;type:text"`
	PlacedAt  time.Time       `gorm:"column:placed_at;not null"`
	UpdatedAt time.Time       `gorm:"column:updated_at;not null"`
	Amount    decimal.Decimal `gorm:"column:amount;type:numeric(12,2);not null"`
	Currency  string          `gorm:"column:currency;not null;type:text"`
	Customer  string          `gorm:"column:customer;not null;type:text"`
	Items     int32           `gorm:"column:items;not null"`
	// LoadRunID is the run that last wrote the row.
	LoadRunID int64 `gorm:"column:load_run_id;not null;index"`
}

// TableName pins the table name.
func (APIOrder) TableName() string { return "api_orders" }

func init() { Register(&APIOrder{}) }
