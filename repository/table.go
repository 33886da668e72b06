package repository

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
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

// Column is one column of a Table.
type Column struct {
	Name    string
	Kind    Kind
	Scale   int // decimal places, for KindDecimal with a numeric(p,s) type
	NotNull bool
	// Int32 marks integer columns of 32 bits (COPY needs the exact width).
	Int32 bool
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

var numericScale = regexp.MustCompile(`(?i)^(numeric|decimal)\s*\(\s*\d+\s*,\s*(\d+)\s*\)`)

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
		c, err := columnOf(f.DBName, f.FieldType, string(f.DataType))
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

func columnOf(name string, typ reflect.Type, dataType string) (Column, error) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	c := Column{Name: name}
	switch {
	case typ == decimalType:
		c.Kind = KindDecimal
		if m := numericScale.FindStringSubmatch(dataType); m != nil {
			c.Scale, _ = strconv.Atoi(m[2])
		}
	case typ == timeType:
		c.Kind = KindTime
	case typ.Kind() == reflect.String:
		c.Kind = KindString
	case typ.Kind() == reflect.Bool:
		c.Kind = KindBool
	case typ.Kind() >= reflect.Int && typ.Kind() <= reflect.Uint64:
		c.Kind = KindInt
		c.Int32 = typ.Bits() <= 32
	case typ.Kind() == reflect.Float32 || typ.Kind() == reflect.Float64:
		c.Kind = KindFloat
	default:
		return c, fmt.Errorf("bulk writes do not support fields of type %s", typ)
	}
	return c, nil
}
