package dblock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/warehouse-loader/loader/internal/dbopen"
)

// Key is a PostgreSQL advisory lock key: a pair of int4 (a class that
// namespaces the loader's locks, and an id) or one int8. The two are
// separate key spaces on the server.
type Key struct {
	class, id int32
	big       int64
	pair      bool
}

// Pair is the two-int key (class, id).
func Pair(class, id int32) Key { return Key{class: class, id: id, pair: true} }

// Single is the one-bigint key k.
func Single(k int64) Key { return Key{big: k} }

// Lock is one session advisory lock: Key, held shared or exclusive.
type Lock struct {
	Key    Key
	Shared bool
}

func (l Lock) fn(prefix string) string {
	if l.Shared {
		return prefix + "_shared"
	}
	return prefix
}

// call is the SQL that calls fn on l's key, and its arguments.
func (l Lock) call(prefix string) (string, []any) {
	if l.Key.pair {
		return l.fn(prefix) + "($1, $2)", []any{l.Key.class, l.Key.id}
	}
	return l.fn(prefix) + "($1)", []any{l.Key.big}
}

// literal is the call of fn on l's key with the key inlined.
func (l Lock) literal(prefix string) string {
	if l.Key.pair {
		return fmt.Sprintf("%s(%d, %d)", l.fn(prefix), l.Key.class, l.Key.id)
	}
	return fmt.Sprintf("%s(%d)", l.fn(prefix), l.Key.big)
}

// catalog is how pg_locks shows l's key: classid, objid, objsubid.
func (l Lock) catalog() (int64, int64, int) {
	if l.Key.pair {
		return int64(uint32(l.Key.class)), int64(uint32(l.Key.id)), 2
	}
	u := uint64(l.Key.big)
	return int64(u >> 32), int64(u & 0xFFFFFFFF), 1
}

// Conn is a connection taken from a pool and held for session advisory
// locks until Release.
type Conn struct {
	conn    *sql.Conn
	where   string // current_database.current_schema: what a warehouse is
	appName string // the application_name to give back on release
	named   bool
	held    []Lock
}

// Open takes a dedicated connection from db. A non-empty name becomes its
// application_name until Release (see HolderName), so refused clients can
// name the holder. Setting it up is bounded by StatementTimeout; errors
// are the driver's, unwrapped, for the caller to classify.
func Open(ctx context.Context, db *sql.DB, name string) (*Conn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	c := &Conn{conn: conn, named: name != ""}
	ctx, cancel := context.WithTimeout(ctx, StatementTimeout)
	defer cancel()
	if c.named {
		// Evaluated left to right: the old name is read before it is replaced.
		err = conn.QueryRowContext(ctx, `SELECT current_database() || '.' || current_schema(),
		current_setting('application_name'), set_config('application_name', $1, false)`, name).
			Scan(&c.where, &c.appName, new(string))
	} else {
		err = conn.QueryRowContext(ctx, "SELECT current_database() || '.' || current_schema()").Scan(&c.where)
	}
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return c, nil
}

// Where names the warehouse of the connection: database.schema.
func (c *Conn) Where() string { return c.where }

// Hash32 hashes name within this warehouse: advisory locks are per server,
// so the database and schema are part of every key.
func (c *Conn) Hash32(name string) int32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(c.where + "\x00" + name))
	return int32(h.Sum32())
}

// Take takes l, waiting for it until ctx ends with wait. Otherwise a busy
// lock is refused at once with a *HeldError (ErrBusy naming its holders)
// unless every holder is a process of this host that is gone: then it is
// retried for Grace, the moment the server takes to notice. Holders the
// server cannot place get ShortGrace (see GraceFor).
func (c *Conn) Take(ctx context.Context, l Lock, wait bool) error {
	if wait {
		q, args := l.call("pg_advisory_lock")
		_, err := c.conn.ExecContext(ctx, "SELECT "+q, args...) //nolint:gosec // G202: a lock function call with placeholders (Lock.call)
		return c.taken(l, err)
	}
	ctx, cancel := context.WithTimeout(ctx, StatementTimeout)
	defer cancel()
	q, args := l.call("pg_try_advisory_lock")
	try := func() (bool, error) {
		var got bool
		err := c.conn.QueryRowContext(ctx, "SELECT "+q, args...).Scan(&got)
		return got, err
	}
	got, err := try()
	if err != nil || got {
		return c.taken(l, err)
	}
	holders, err := c.Holders(ctx, l)
	if err != nil {
		return err
	}
	err = Retry(ctx, false, GraceFor(holders), try)
	if errors.Is(err, ErrBusy) && len(holders) > 0 {
		return &HeldError{Holders: holders}
	}
	return c.taken(l, err)
}

func (c *Conn) taken(l Lock, err error) error {
	if err == nil {
		c.held = append(c.held, l)
	}
	return err
}

// Holders returns the application names of the sessions that keep l from
// being granted: for a shared lock the exclusive holders and waiters, for
// an exclusive lock every holder.
func (c *Conn) Holders(ctx context.Context, l Lock) ([]string, error) {
	classid, objid, subid := l.catalog()
	rows, err := c.conn.QueryContext(ctx, `SELECT COALESCE(NULLIF(act.application_name, ''), 'backend pid ' || lk.pid)
		FROM pg_locks lk LEFT JOIN pg_stat_activity act ON act.pid = lk.pid
		WHERE lk.locktype = 'advisory' AND lk.objsubid = $4 AND lk.classid::bigint = $1 AND lk.objid::bigint = $2
		  AND lk.pid <> pg_backend_pid() AND (CASE WHEN $3 THEN lk.mode = 'ExclusiveLock' ELSE lk.granted END)
		ORDER BY lk.pid`, classid, objid, l.Shared, subid)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Release gives every lock back (and the connection its old name) and the
// connection to the pool, within ReleaseTimeout; a connection that cannot
// is closed instead, which ends its session and so its locks.
func (c *Conn) Release() {
	ctx, cancel := context.WithTimeout(context.Background(), ReleaseTimeout)
	defer cancel()
	var stmt []string
	var args []any
	if c.named {
		stmt, args = append(stmt, "set_config('application_name', $1, false)"), append(args, c.appName)
	}
	for i := len(c.held) - 1; i >= 0; i-- {
		stmt = append(stmt, c.held[i].literal("pg_advisory_unlock"))
	}
	if len(stmt) > 0 {
		if _, err := c.conn.ExecContext(ctx, "SELECT "+strings.Join(stmt, ", "), args...); err != nil { //nolint:gosec // G202: lock calls with numeric keys and placeholders
			dbopen.Discard(c.conn)
		}
	}
	_ = c.conn.Close()
}
