package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// QueueEvent is the table queue_events, loaded from a RabbitMQ queue by
// the queue_events pipeline of examples/rabbitmq/pipelines.yaml: one row
// per message, keyed by the message id, so a message delivered again
// after a crash (delivery is at least once) is upserted, not doubled.
// Amount is an exact decimal; OccurredAt is UTC.
type QueueEvent struct {
	MessageID  string          `gorm:"column:message_id;primaryKey;type:text"`
	Kind       string          `gorm:"column:kind;not null;type:text"`
	Amount     decimal.Decimal `gorm:"column:amount;type:numeric(12,2);not null"`
	OccurredAt time.Time       `gorm:"column:occurred_at;not null"`
	// LoadRunID is the run that last wrote the row.
	LoadRunID int64 `gorm:"column:load_run_id;not null;index"`
}

// TableName pins the table name.
func (QueueEvent) TableName() string { return "queue_events" }

func init() { Register(&QueueEvent{}) }
