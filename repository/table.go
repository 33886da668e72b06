package repository

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

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
	// Bits is the storage width: 16, 32 or 64 for KindInt (smallint,
	// integer, bigint), 32 or 64 for KindFloat (real, double precision).
	Bits int
	// Min and Max bound KindInt values: the range both the column and the
	// model's Go field hold (0 to 255 for a uint8 field).
	Min, Max int64
	// MaxLen is the character limit of a varchar(n) column (KindString),
	// or 0.
	MaxLen int
}

// Table describes a model's table for bulk writes: every column but an
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

// TableOf describes the table of a GORM model.
func (s *Store) TableOf(model any) (Table, error) {
	st := &gorm.Statement{DB: s.gdb}
	if err := st.Parse(model); err != nil {
		return Table{}, fmt.Errorf("repository: parsing model %T: %w", model, err)
	}
	t := Table{Name: st.Schema.Table, Model: st.Schema.Name}
	for _, f := range st.Schema.Fields {
		if f.DBName == "" {
			continue
		}
		if f.PrimaryKey {
			t.Keys = append(t.Keys, f.DBName)
		}
		if f.AutoIncrement && f.PrimaryKey {
			continue
		}
		c, err := columnOf(f)
		if err != nil {
			return Table{}, fmt.Errorf("repository: %s.%s: %w", t.Name, f.DBName, err)
		}
		c.NotNull = f.NotNull || f.PrimaryKey
		t.Columns = append(t.Columns, c)
	}
	return t, nil
}

var (
	decimalType = reflect.TypeOf(decimal.Decimal{})
	timeType    = reflect.TypeOf(time.Time{})
)

func columnOf(f *schema.Field) (Column, error) {
	typ := f.FieldType
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	c := Column{Name: f.DBName}
	dataType := strings.TrimSpace(string(f.DataType))
	switch {
	case typ == decimalType:
		c.Kind = KindDecimal
		c.Precision, c.Scale = numericOf(dataType, f)
	case typ == timeType:
		c.Kind = KindTime
	case typ.Kind() == reflect.String:
		c.Kind = KindString
		c.MaxLen = varcharOf(dataType, f)
	case typ.Kind() == reflect.Bool:
		c.Kind = KindBool
	case typ.Kind() >= reflect.Int && typ.Kind() <= reflect.Uint64:
		c.Kind = KindInt
		c.Bits = intBitsOf(dataType, f)
		c.Min, c.Max = intRange(typ, c.Bits)
	case typ.Kind() == reflect.Float32 || typ.Kind() == reflect.Float64:
		c.Kind = KindFloat
		c.Bits = floatBitsOf(dataType, typ)
	default:
		return c, fmt.Errorf("bulk writes do not support fields of type %s", typ)
	}
	return c, nil
}
