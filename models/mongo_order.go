package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// MongoOrder is the table mongo_orders, loaded from a MongoDB collection
// by the mongo_orders pipeline of examples/mongodb/pipelines.yaml: one row
// per document, keyed by its ObjectID as hex text. City comes from the
// nested address.city; Extra holds the rest of the document as JSON text.
// Amount is an exact decimal; PlacedAt is UTC.
type MongoOrder struct {
	OrderID  string          `gorm:"column:order_id;primaryKey;type:varchar(24)"`
	Customer string          `gorm:"column:customer;not null;type:text"`
	City     *string         `gorm:"column:city;type:text"`
	Amount   decimal.Decimal `gorm:"column:amount;type:numeric(12,2);not null"`
	PlacedAt time.Time       `gorm:"column:placed_at;not null"`
	Qty      *int64          `gorm:"column:qty"`
	Extra    *string         `gorm:"column:extra;type:text"`
	// LoadRunID is the run that last wrote the row.
	LoadRunID int64 `gorm:"column:load_run_id;not null;index"`
}

// TableName pins the table name.
func (MongoOrder) TableName() string { return "mongo_orders" }

func init() { Register(&MongoOrder{}) }
