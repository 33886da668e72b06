package mysql

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"sync/atomic"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// readerPrefix makes the reader names of this process unique among the
// handlers go-sql-driver keeps for the whole process.
var (
	readerPrefix = func() string {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		return "loader_" + hex.EncodeToString(b) + "_"
	}()
	readerSeq atomic.Uint64
)

// loadData streams rows into table with LOAD DATA LOCAL INFILE from a
// registered reader, on tx's connection, and returns the rows loaded. Any
// warning is returned as a *WarningsError: LOCAL makes the server skip or
// adjust a row it would otherwise refuse, and warn.
func loadData(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any) (int64, error) {
	name := fmt.Sprintf("%s%d", readerPrefix, readerSeq.Add(1))
	r := &rowReader{rows: rows, encs: encoders(t)}
	gomysql.RegisterReaderHandler(name, func() io.Reader { return r })
	defer gomysql.DeregisterReaderHandler(name)
	q := fmt.Sprintf(`LOAD DATA LOCAL INFILE 'Reader::%s' INTO TABLE %s CHARACTER SET utf8mb4
		FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n' (%s)`, name, quoteIdent(table), quoteList(t.Names()))
	res, err := tx.ExecContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("loading into %s: %w", table, err)
	}
	if err := checkWarnings(ctx, tx, "LOAD DATA into "+table); err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if n != int64(len(rows)) {
		return 0, fmt.Errorf("loading into %s: the server took %d of %d rows", table, n, len(rows))
	}
	return n, nil
}

// maxWarnings is how many warnings an error names.
const maxWarnings = 3

// checkWarnings returns a *WarningsError when the last statement on tx
// raised warnings.
func checkWarnings(ctx context.Context, tx driver.Tx, stmt string) error {
	var count int64
	if err := tx.QueryRowContext(ctx, "SHOW COUNT(*) WARNINGS").Scan(&count); err != nil {
		return fmt.Errorf("counting the warnings of %s: %w", stmt, err)
	}
	if count == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf("SHOW WARNINGS LIMIT %d", maxWarnings))
	if err != nil {
		return fmt.Errorf("reading the warnings of %s: %w", stmt, err)
	}
	defer func() { _ = rows.Close() }()
	we := &WarningsError{Statement: stmt, Count: count}
	for rows.Next() {
		var w Warning
		if err := rows.Scan(&w.Level, &w.Code, &w.Message); err != nil {
			return fmt.Errorf("reading the warnings of %s: %w", stmt, err)
		}
		we.Warnings = append(we.Warnings, w)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the warnings of %s: %w", stmt, err)
	}
	if len(we.Warnings) == 0 {
		we.Warnings = []Warning{{Level: "Warning", Message: "the server did not list them"}}
	}
	return we
}

// rowReader encodes rows as LOAD DATA text as the driver reads them: one
// line per row, tab-separated, \N for NULL.
type rowReader struct {
	rows [][]any
	encs []encodeFunc
	next int
	buf  []byte
	off  int
}

func (r *rowReader) Read(p []byte) (int, error) {
	for len(r.buf)-r.off < len(p) && r.next < len(r.rows) {
		if err := r.encodeRow(); err != nil {
			return 0, err
		}
	}
	if r.off == len(r.buf) {
		return 0, io.EOF
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
}

func (r *rowReader) encodeRow() error {
	if r.off > 0 {
		r.buf, r.off = append(r.buf[:0], r.buf[r.off:]...), 0
	}
	row := r.rows[r.next]
	r.next++
	var err error
	for i, enc := range r.encs {
		if i > 0 {
			r.buf = append(r.buf, '\t')
		}
		if row[i] == nil {
			r.buf = append(r.buf, '\\', 'N')
		} else if r.buf, err = enc(r.buf, row[i]); err != nil {
			return err
		}
	}
	r.buf = append(r.buf, '\n')
	return nil
}
