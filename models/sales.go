package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// SalesData is the raw landing table: every field as text, every field
// nullable, exactly as the source had it. Typing happens on the way to
// TransformedSale, where bad values are rejected with a reason.
type SalesData struct {
	ID          int64   `gorm:"primaryKey;autoIncrement"`
	OrderID     *string `gorm:"type:text"`
	SoldAt      *string `gorm:"type:text"`
	Customer    *string `gorm:"type:text"`
	Product     *string `gorm:"type:text"`
	Region      *string `gorm:"type:text"`
	Quantity    *string `gorm:"type:text"`
	SalesAmount *string `gorm:"type:text"`
	// LoadRunID is the run that landed the row.
	LoadRunID *int64 `gorm:"index"`
}

// TableName pins the table name the tutorials use.
func (SalesData) TableName() string { return "sales_data" }

// TransformedSale is the typed warehouse table. SalesAmount is an exact
// decimal (numeric(12,2)); SoldAt is stored in UTC.
type TransformedSale struct {
	OrderID       string          `gorm:"primaryKey;type:text"`
	SoldAt        time.Time       `gorm:"not null"`
	Customer      *string         `gorm:"type:text"`
	Product       *string         `gorm:"type:text"`
	Region        *string         `gorm:"type:text"`
	Quantity      int32           `gorm:"not null"`
	SalesAmount   decimal.Decimal `gorm:"type:numeric(12,2);not null"`
	SalesCategory string          `gorm:"type:text;not null;check:sales_category IN ('Low', 'Medium', 'High')"`
	// LoadRunID is the run that last wrote the row.
	LoadRunID int64 `gorm:"not null"`
}

// TableName pins the table name the tutorials use.
func (TransformedSale) TableName() string { return "transformed_sales_data" }
