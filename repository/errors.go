package repository

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

// Sentinel errors. Every error a Session returns that stems from one of
// these conditions wraps the sentinel, whatever the dialect.
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("unique constraint violated")
	ErrForeignKey  = errors.New("foreign key violated")
	ErrNotNull     = errors.New("not-null constraint violated")
	ErrCheck       = errors.New("check constraint violated")
	ErrUnreachable = errors.New("database unreachable")
	// ErrLocked: another run holds the lock (see Store.TryLock).
	ErrLocked = errors.New("locked by another run")
)

// mapError wraps err with the sentinel matching its driver error, keeping
// the driver's message. nil stays nil.
func mapError(err error) error {
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

func classify(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return map[string]error{
			"23505": ErrConflict, "23503": ErrForeignKey, "23502": ErrNotNull, "23514": ErrCheck,
		}[pgErr.Code]
	}
	var sqErr sqlite3.Error
	if errors.As(err, &sqErr) && sqErr.Code == sqlite3.ErrConstraint {
		return map[sqlite3.ErrNoExtended]error{
			sqlite3.ErrConstraintUnique: ErrConflict, sqlite3.ErrConstraintPrimaryKey: ErrConflict,
			sqlite3.ErrConstraintForeignKey: ErrForeignKey, sqlite3.ErrConstraintNotNull: ErrNotNull,
			sqlite3.ErrConstraintCheck: ErrCheck,
		}[sqErr.ExtendedCode]
	}
	return nil
}
