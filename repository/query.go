package repository

import (
	"context"

	"gorm.io/gorm"
)

// Query runs fn on a GORM handle outside any transaction, for reads that
// live outside this package (reports). Its statements run under ctx and
// the statement timeout (WithStatementTimeout): past it, Query fails with
// an error wrapping ErrTimeout. fn's error comes back wrapping the
// matching sentinel (see MapError).
func (s *Store) Query(ctx context.Context, fn func(*gorm.DB) error) error {
	return s.query(ctx, fn)
}
