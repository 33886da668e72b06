package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/internal/dbopen"
)

// lockConn is a connection held for GET_LOCK user locks, which belong to
// the connection: closing it (or the process dying, the server then
// closing it) gives every one of them back.
type lockConn struct {
	conn *sql.Conn
	db   string // DATABASE(): user locks are per server, names per warehouse
	// slotsFull: the last trySlot found every reader slot held
	slotsFull bool
}

func openLock(ctx context.Context, db *sql.DB) (*lockConn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, dblock.StatementTimeout)
	defer cancel()
	c := &lockConn{conn: conn}
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&c.db); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return c, nil
}

// maxLockName is the longest user lock name MySQL takes, in characters.
const maxLockName = 64

// name is the user lock name of key in this warehouse; names too long for
// the server are hashed.
func (c *lockConn) name(kind, key string) string {
	n := "loader." + c.db + "." + kind + "." + key
	if utf8.RuneCountInString(n) <= maxLockName {
		return n
	}
	sum := sha256.Sum256([]byte(n))
	return "loader." + kind + "." + hex.EncodeToString(sum[:16])
}

// try tries every name at once, without waiting, and reports which it got.
func (c *lockConn) try(ctx context.Context, names ...string) ([]bool, error) {
	calls := strings.TrimSuffix(strings.Repeat("GET_LOCK(?, 0), ", len(names)), ", ")
	args := make([]any, len(names))
	got := make([]sql.NullInt64, len(names))
	dest := make([]any, len(names))
	for i, n := range names {
		args[i], dest[i] = n, &got[i]
	}
	if err := c.conn.QueryRowContext(ctx, "SELECT "+calls, args...).Scan(dest...); err != nil {
		return nil, err
	}
	out := make([]bool, len(names))
	for i, g := range got {
		out[i] = g.Valid && g.Int64 == 1
	}
	return out, nil
}

// free reports whether no connection holds name.
func (c *lockConn) free(ctx context.Context, name string) (bool, error) {
	var free sql.NullInt64
	err := c.conn.QueryRowContext(ctx, "SELECT IS_FREE_LOCK(?)", name).Scan(&free)
	return free.Valid && free.Int64 == 1, err
}

// unlock gives names back.
func (c *lockConn) unlock(ctx context.Context, names ...string) error {
	for _, n := range names {
		if _, err := c.conn.ExecContext(ctx, "DO RELEASE_LOCK(?)", n); err != nil {
			return err
		}
	}
	return nil
}

// holders names the connections that hold names.
func (c *lockConn) holders(ctx context.Context, names ...string) ([]string, error) {
	ids := strings.TrimSuffix(strings.Repeat("IS_USED_LOCK(?), ", len(names)), ", ")
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := c.conn.QueryContext(ctx, `SELECT CONCAT('connection ', p.ID, ' of ', p.USER, '@', p.HOST)
		FROM information_schema.PROCESSLIST p WHERE p.ID IN (`+ids+`) ORDER BY p.ID`, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var who string
		if err := rows.Scan(&who); err != nil {
			return nil, err
		}
		out = append(out, who)
	}
	return out, rows.Err()
}

// release gives every lock of the connection back and returns it to the
// pool, within dblock.ReleaseTimeout; a connection that cannot is closed,
// which ends its session and so its locks.
func (c *lockConn) release() {
	ctx, cancel := context.WithTimeout(context.Background(), dblock.ReleaseTimeout)
	defer cancel()
	if _, err := c.conn.ExecContext(ctx, "DO RELEASE_ALL_LOCKS()"); err != nil {
		dbopen.Discard(c.conn)
	}
	_ = c.conn.Close()
}
