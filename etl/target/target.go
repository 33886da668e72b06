// Package target describes the table a pipeline loads: its columns, their
// kinds and the limits a value must satisfy to be stored identically on
// every database. The engine (etl) works with these descriptions; the
// repository builds them from GORM models and writes rows by them.
package target

// Kind is the Go-side kind of a column's values in bulk writes.
type Kind int

// The column kinds bulk writes accept.
const (
	KindString Kind = iota
	KindInt
	KindDecimal
	KindTime
	KindBool
	KindFloat
)

func (k Kind) String() string {
	return [...]string{"text", "integer", "decimal", "timestamp", "boolean", "float"}[k]
}

// Column is one column of a Table, with what a value must satisfy to be
// stored in it identically on every database.
type Column struct {
	Name    string
	Kind    Kind
	NotNull bool
	// Precision and Scale are p and s of numeric(p,s) (KindDecimal); a
	// numeric without a precision has Precision 0 and Scale 0.
	Precision int
	Scale     int
	// Digits is the most significant digits the database keeps of a
	// KindDecimal value (SQLite: 15, an 8-byte float), or 0 for all
	// Precision allows. A value with more is rejected, never rounded.
	Digits int
	// Bits is the storage width: 16, 32 or 64 for KindInt (smallint,
	// integer, bigint), 32 or 64 for KindFloat (real, double precision).
	Bits int
	// Min and Max bound KindInt values: the range both the column and the
	// model's Go field hold (0 to 255 for a uint8 field).
	Min, Max int64
	// MaxLen is the character limit of a varchar(n) column (KindString),
	// or 0.
	MaxLen int
	// Date marks a date column (KindTime): it holds the UTC calendar date
	// of a time, which reads back as midnight UTC.
	Date bool
}

// Table describes a target table for bulk writes: every column but an
// auto-increment primary key, in model order.
type Table struct {
	Name    string
	Model   string
	Columns []Column
	// Keys are the primary key columns (the default upsert key).
	Keys []string
}

// Names returns the column names.
func (t Table) Names() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// Index returns the position of the column, or -1.
func (t Table) Index(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// RunColumn is the bookkeeping column that names the run that wrote a row.
const RunColumn = "load_run_id"
