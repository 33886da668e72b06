package repository

import (
	"context"
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Stream reads the table of model T in ascending order of the column key,
// batchSize rows at a time, and calls fn with each batch. Each batch is its
// own short query (keyset pagination: key > last seen), so memory holds one
// batch and no read transaction stays open while fn writes elsewhere. key
// must be unique and not null. The slice passed to fn is reused. Each
// batch's query runs under the statement timeout (WithStatementTimeout);
// fn does not.
func Stream[T any](ctx context.Context, s *Store, key string, batchSize int, fn func([]T) error) error {
	if batchSize < 1 {
		return fmt.Errorf("repository: Stream: batch size %d is not positive", batchSize)
	}
	st := &gorm.Statement{DB: s.gdb}
	if err := st.Parse(new(T)); err != nil {
		return fmt.Errorf("repository: Stream: parsing model: %w", err)
	}
	field := st.Schema.LookUpField(key)
	if field == nil {
		return fmt.Errorf("repository: Stream: %s has no column %q", st.Schema.Table, key)
	}
	col := clause.Column{Table: st.Schema.Table, Name: field.DBName}
	var (
		batch []T
		last  any
	)
	for {
		batch = batch[:0]
		err := s.query(ctx, func(db *gorm.DB) error {
			q := db.Order(clause.OrderByColumn{Column: col}).Limit(batchSize)
			if last != nil {
				q = q.Where(clause.Gt{Column: col, Value: last})
			}
			return q.Find(&batch).Error
		})
		if err != nil {
			return fmt.Errorf("streaming %s by %s: %w", st.Schema.Table, key, err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := fn(batch); err != nil {
			return err
		}
		if len(batch) < batchSize {
			return nil
		}
		last, _ = field.ValueOf(ctx, reflect.ValueOf(&batch[len(batch)-1]).Elem())
	}
}
