package repository

import (
	"context"

	"github.com/warehouse-loader/loader/repository/driver"
)

// readOnly runs fn where the database refuses every write (the driver's
// ReadOnly), under ctx and the statement timeout: fn runs its statements
// under the ctx it is given. Errors come back mapped; a refused write wraps
// ErrReadOnly, a read cut short ErrTimeout.
func (s *Store) readOnly(ctx context.Context, fn func(context.Context, driver.Queryer) error) error {
	ctx, done := limit(ctx, s.statementTimeout)
	return done(mapError(s.drv.ReadOnly(ctx, s.sqlDB, fn)))
}
