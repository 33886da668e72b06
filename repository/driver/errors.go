package driver

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbopen"
)

// Sentinel errors. Every error a driver, a Store or a Session returns that
// stems from one of these conditions wraps the sentinel, whatever the
// database; package repository re-exports each under the same name.
var (
	ErrNotFound   = errors.New("not found")
	ErrConflict   = errors.New("unique constraint violated")
	ErrForeignKey = errors.New("foreign key violated")
	ErrNotNull    = errors.New("not-null constraint violated")
	ErrCheck      = errors.New("check constraint violated")
	// ErrUnreachable: the server could not be reached or the SQLite file
	// opened. It is dbopen.ErrUnreachable, the error migrations also wraps.
	ErrUnreachable = dbopen.ErrUnreachable
	// ErrTimeout: the database did not answer within one of the Store's
	// limits. The error's text names the limit.
	ErrTimeout = errors.New("the database did not answer in time")
	// ErrLocked: another run holds the lock.
	ErrLocked = errors.New("locked by another run")
	// ErrReadOnly: a read-only read (the sql source) tried to write.
	ErrReadOnly = errors.New("the sql source is read-only")
	// ErrUnsupported: the database lacks the operation (COPY on SQLite).
	ErrUnsupported = errors.New("not supported by this database")
	// ErrInUse: the warehouse lock was refused exclusive because pipeline
	// runs hold it.
	ErrInUse = errors.New("a pipeline run is in progress on this warehouse")
	// ErrSchemaChanging: the warehouse lock was refused shared because a
	// migration holds it.
	ErrSchemaChanging = errors.New("the warehouse schema is being changed by `loader migrate`")
)

// Map wraps err with the sentinel classify finds for it (and
// gorm.ErrRecordNotFound with ErrNotFound), keeping the database's
// message. nil stays nil.
func Map(err error, classify func(error) error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	if sentinel := classify(err); sentinel != nil {
		return fmt.Errorf("%w: %w", sentinel, err)
	}
	return err
}
