package repository

import (
	"context"

	"github.com/warehouse-loader/loader/repository/driver"
)

// Errors of the warehouse lock, which pipeline runs hold shared and schema
// changes exclusive. Neither wraps ErrLocked: they are not about a pipeline.
var (
	// ErrInUse: LockSchemaChange was refused because pipeline runs hold
	// the warehouse. Wait for them, or pass wait.
	ErrInUse = driver.ErrInUse
	// ErrSchemaChanging: LockPipeline or LockSchemaUse was refused because
	// a migration holds the warehouse. Wait for it, or pass wait.
	ErrSchemaChanging = driver.ErrSchemaChanging
)

// LockSchemaChange takes the warehouse lock exclusive, for a migration:
// no pipeline run holds it meanwhile, and none starts. When runs hold it,
// it returns an error wrapping ErrInUse at once (naming the holders where
// the database can), or with wait set, waits until they end or ctx ends.
// Release it with the function it returns.
func (s *Store) LockSchemaChange(ctx context.Context, wait bool) (func(), error) {
	return s.drv.LockWarehouse(ctx, s.sqlDB, s.config(), true, wait)
}

// LockSchemaUse takes the warehouse lock shared, as every pipeline run
// does (LockPipeline): the schema stays as it is until release. While a
// migration holds it, it returns an error wrapping ErrSchemaChanging, or
// with wait set, waits for the migration to end.
func (s *Store) LockSchemaUse(ctx context.Context, wait bool) (func(), error) {
	return s.drv.LockWarehouse(ctx, s.sqlDB, s.config(), false, wait)
}
