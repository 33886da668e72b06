package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository/driver"
)

// ErrNoTable is wrapped by the error of Export when the table it is asked
// for does not exist; the error lists the tables that do.
var ErrNoTable = errors.New("no such table")

// ErrOwnTable is wrapped by the error of Export when the table it is asked
// for is one of the loader's own (bookkeeping, migrations, staging).
var ErrOwnTable = errors.New("one of the loader's own tables (bookkeeping, migrations or staging)")

// ExportColumn is one column of an export: its name and the kind its
// values are written as (from the table's model or catalogue, else from
// the type the database names).
type ExportColumn struct {
	Name string
	Kind Kind
	// Known is false when neither the table nor the database says the
	// column's kind: each value is then written by its own type.
	Known bool
	// Date marks a date column (KindTime): written as YYYY-MM-DD.
	Date bool
	// Scale is the digits after the point of a KindDecimal column, or -1
	// when unknown (each value is then written as the database gives it).
	Scale int
	// Precision is the total digits of a KindDecimal column whose Scale is
	// known, else 0.
	Precision int
}

// Export streams the rows of q to row, one row at a time: memory holds
// one row, whatever the table's size. q is a table (q.Table, read in its
// primary key's order when it has one) or one read-only query (q.SQL,
// checked as CheckRead checks it and run as written, in its own order);
// q.Key and q.Limit are not used. head is called once, with the columns,
// before the first row. The cells passed to row are reused. The read runs
// in one read-only transaction (a query that would write fails wrapping
// ErrReadOnly) bounded by ctx alone, not by the statement timeout, since
// an export takes as long as the table is big; looking the table up is
// bounded by the statement timeout. A missing table wraps ErrNoTable, one
// of the loader's own ErrOwnTable.
func (s *Store) Export(ctx context.Context, q ReadQuery, head func([]ExportColumn) error, row func([]Cell) error) error {
	stmt, meta, err := s.exportStatement(ctx, q)
	if errors.Is(err, ErrReadOnly) {
		return refusedWriteError{err}
	}
	if err != nil {
		return err
	}
	err = s.drv.ReadOnly(ctx, s.sqlDB, func(ctx context.Context, db driver.Queryer) error {
		rows, err := db.QueryContext(ctx, stmt)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		return exportRows(rows, meta, head, row)
	})
	if err != nil {
		return exportError(q, mapError(err))
	}
	return nil
}

// exportError words err, the failure of exporting q, for an export.
func exportError(q ReadQuery, err error) error {
	what := "the query"
	if q.Table != "" {
		what = "table " + q.Table
	}
	if errors.Is(err, ErrReadOnly) {
		err = refusedWriteError{err}
	}
	return fmt.Errorf("exporting %s: %w", what, err)
}

// refusedWriteError is a write an export refused (it wraps ErrReadOnly),
// worded for an export rather than for the sql source.
type refusedWriteError struct{ err error }

func (e refusedWriteError) Error() string {
	return "an export only reads: " + strings.Replace(e.err.Error(), ErrReadOnly.Error()+": ", "", 1)
}

func (e refusedWriteError) Unwrap() error { return e.err }

// exportStatement is the SELECT that reads q, and the table's description
// (empty for a query).
func (s *Store) exportStatement(ctx context.Context, q ReadQuery) (string, Table, error) {
	from, err := q.from(s.drv)
	if err != nil {
		return "", Table{}, err
	}
	if q.Table == "" {
		// The statement as written: a subquery may lose its ORDER BY
		// (MariaDB drops it from a derived table).
		stmt, err := readStatement(s.drv.Lexer(), q.SQL)
		return stmt, Table{}, err
	}
	t, err := s.exportTable(ctx, q.Table)
	if err != nil {
		return "", Table{}, err
	}
	stmt := "SELECT * FROM " + from
	if len(t.Keys) > 0 {
		keys := make([]string, len(t.Keys))
		for i, k := range t.Keys {
			keys[i] = s.drv.Quote(k)
		}
		stmt += " ORDER BY " + strings.Join(keys, ", ")
	}
	return stmt, t, nil
}

// exportTable describes the table name: its model's, else the
// catalogue's. The loader's own tables are refused.
func (s *Store) exportTable(ctx context.Context, name string) (Table, error) {
	if own, err := s.ownTable(name); err != nil || own {
		if err == nil {
			err = fmt.Errorf("%s is %w, not data: export a data table", name, ErrOwnTable)
		}
		return Table{}, err
	}
	for _, m := range models.All() {
		if t, err := s.TableOf(m); err != nil || t.Name == name {
			return t, err
		}
	}
	t, found, err := s.CatalogTable(ctx, name)
	if err != nil || found {
		return t, err
	}
	names, err := s.dataTables(ctx)
	if err != nil {
		return Table{}, err
	}
	return Table{}, fmt.Errorf("%w %q in the warehouse; its tables: %s", ErrNoTable, name, strings.Join(names, ", "))
}

// dataTables lists the tables of the warehouse but the loader's own and
// the database's internal ones.
func (s *Store) dataTables(ctx context.Context) ([]string, error) {
	var all, names []string
	err := s.query(ctx, func(db *gorm.DB) (err error) { all, err = db.Migrator().GetTables(); return err })
	for _, n := range all {
		if own, oerr := s.ownTable(n); oerr == nil && !own && !strings.HasPrefix(n, "sqlite_") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, err
}

// exportRows reads rows to head and row (see Export).
func exportRows(rows *sql.Rows, t Table, head func([]ExportColumn) error, row func([]Cell) error) error {
	types, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	cols := exportColumns(types, t)
	if err := head(cols); err != nil {
		return err
	}
	vals, ptrs, cells := make([]any, len(cols)), make([]any, len(cols)), make([]Cell, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			cells[i] = cellOf(v, cols[i])
		}
		if err := row(cells); err != nil {
			return err
		}
	}
	return rows.Err()
}
