package repository

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// Errors of the warehouse lock, which pipeline runs hold shared and schema
// changes exclusive. Neither wraps ErrLocked: they are not about a pipeline.
var (
	// ErrInUse: LockSchemaChange was refused because pipeline runs hold
	// the warehouse. Wait for them, or pass wait.
	ErrInUse = errors.New("a pipeline run is in progress on this warehouse")
	// ErrSchemaChanging: LockPipeline or LockSchemaUse was refused because
	// a migration holds the warehouse. Wait for it, or pass wait.
	ErrSchemaChanging = errors.New("the warehouse schema is being changed by `loader migrate`")
)

// lockMode is how the warehouse lock is held.
type lockMode int

const (
	shared    lockMode = iota // pipeline runs: many at once
	exclusive                 // schema changes: alone
)

// LockSchemaChange takes the warehouse lock exclusive, for a migration:
// no pipeline run holds it meanwhile, and none starts. When runs hold it,
// it returns an error wrapping ErrInUse at once (naming the holders where
// the database can), or with wait set, waits until they end or ctx ends.
// Release it with the function it returns.
func (s *Store) LockSchemaChange(ctx context.Context, wait bool) (func(), error) {
	return s.lockWarehouse(ctx, exclusive, wait)
}

// LockSchemaUse takes the warehouse lock shared, as every pipeline run
// does (LockPipeline): the schema stays as it is until release. While a
// migration holds it, it returns an error wrapping ErrSchemaChanging, or
// with wait set, waits for the migration to end.
func (s *Store) LockSchemaUse(ctx context.Context, wait bool) (func(), error) {
	return s.lockWarehouse(ctx, shared, wait)
}

func (s *Store) lockWarehouse(ctx context.Context, mode lockMode, wait bool) (func(), error) {
	switch {
	case s.url.Dialect == dburl.Postgres:
		return s.lockWarehouseAdvisory(ctx, mode, wait)
	case s.url.Memory():
		return lockInProcessSchema(ctx, s, mode, wait)
	default:
		return lockFileSchema(ctx, s.url.Path, mode, wait)
	}
}

// heldByError is ErrLocked saying who holds the lock, when the database tells.
type heldByError struct{ who string }

func (e *heldByError) Error() string { return fmt.Sprintf("%v (%s)", ErrLocked, e.who) }
func (e *heldByError) Unwrap() error { return ErrLocked }

// warehouseRefusal turns a refused warehouse lock (ErrLocked) into the
// error that says why and what to do; other errors pass as they are.
func warehouseRefusal(mode lockMode, err error) error {
	if !errors.Is(err, ErrLocked) {
		return err
	}
	who := ""
	var hb *heldByError
	if errors.As(err, &hb) {
		who = " (" + hb.who + ")"
	}
	if mode == exclusive {
		return fmt.Errorf("%w%s and the schema cannot change under it; wait for it to finish, or pass --wait to wait for it", ErrInUse, who)
	}
	return fmt.Errorf("%w%s; wait for it to finish, or pass --wait to wait for it", ErrSchemaChanging, who)
}

// rwTry is a reader/writer lock that is only ever tried, never blocked on,
// so that retryLock can wait for it under a context.
type rwTry struct {
	mu      sync.Mutex
	readers int
	writer  bool
}

func (l *rwTry) try(mode lockMode) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.writer, mode == exclusive && l.readers > 0:
		return false
	case mode == exclusive:
		l.writer = true
	default:
		l.readers++
	}
	return true
}

func (l *rwTry) release(mode lockMode) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if mode == exclusive {
		l.writer = false
	} else {
		l.readers--
	}
}

var memSchemaLocks sync.Map // *Store → *rwTry

// lockInProcessSchema is the warehouse lock of an in-memory database,
// which only its own Store can reach.
func lockInProcessSchema(ctx context.Context, s *Store, mode lockMode, wait bool) (func(), error) {
	v, _ := memSchemaLocks.LoadOrStore(s, &rwTry{})
	l, _ := v.(*rwTry)
	err := retryLock(ctx, wait, 0, func() (bool, error) { return l.try(mode), nil })
	if err != nil {
		return nil, warehouseRefusal(mode, err)
	}
	return func() { l.release(mode) }, nil
}
