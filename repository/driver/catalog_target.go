package driver

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/warehouse-loader/loader/etl/target"
)

// What Catalog.TargetColumn builds a target column from: a table no model
// describes is written by what the catalogue says of its columns.

// IntColumn is an integer column of bits (16, 32 or 64) bits, its values
// bounded by lo and hi.
func IntColumn(name string, bits int, lo, hi int64) target.Column {
	return target.Column{Name: name, Kind: target.KindInt, Bits: bits, Min: lo, Max: hi}
}

// SignedRange is the range of a signed integer of bits bits.
func SignedRange(bits int) (lo, hi int64) { return -1 << (bits - 1), 1<<(bits-1) - 1 }

// DecimalColumn is a numeric(p,s) column (p 0: no precision).
func DecimalColumn(name string, precision, scale int) target.Column {
	return target.Column{Name: name, Kind: target.KindDecimal, Precision: precision, Scale: scale}
}

// TextColumn is a text column of at most maxLen characters (0: no limit).
func TextColumn(name string, maxLen int) target.Column {
	return target.Column{Name: name, Kind: target.KindString, MaxLen: maxLen}
}

// FloatColumn is a real (32) or double precision (64) column.
func FloatColumn(name string, bits int) target.Column {
	return target.Column{Name: name, Kind: target.KindFloat, Bits: bits}
}

// KindColumn is a column of a kind without limits (time, bool).
func KindColumn(name string, kind target.Kind) target.Column {
	return target.Column{Name: name, Kind: kind}
}

// DecimalDigits is implemented by a driver whose numeric columns keep
// fewer significant digits than their declared precision (SQLite: 15):
// the engine rejects a value with more (target.Column.Digits).
type DecimalDigits interface {
	DecimalDigits() int
}

// DigitsOf is d's DecimalDigits, or 0 (every digit kept).
func DigitsOf(d any) int {
	if dd, ok := d.(DecimalDigits); ok {
		return dd.DecimalDigits()
	}
	return 0
}

// DateColumn is a date column: it holds a UTC calendar date.
func DateColumn(name string) target.Column {
	return target.Column{Name: name, Kind: target.KindTime, Date: true}
}

// UnsupportedType is the error for a column whose type bulk writes do not
// support.
func UnsupportedType(table, column, typ string) error {
	return fmt.Errorf("column %s of %s has type %s, which pipelines cannot write; describe the table with a model, or load it with another tool", column, table, typ)
}

var typeArgs = regexp.MustCompile(`\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)`)

// TypeArgs returns the numbers of a type's "(p)" or "(p,s)", or zeros.
func TypeArgs(full string) (p, s int) {
	if m := typeArgs.FindStringSubmatch(full); m != nil {
		p, _ = strconv.Atoi(m[1])
		s, _ = strconv.Atoi(m[2])
	}
	return p, s
}
