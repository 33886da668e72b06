package repository

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Table, Column and Kind are the engine's description of a target table
// (package etl/target); the repository builds them from models.
type (
	// Kind is target.Kind.
	Kind = target.Kind
	// Column is target.Column.
	Column = target.Column
	// Table is target.Table.
	Table = target.Table
)

// The column kinds.
const (
	KindString  = target.KindString
	KindInt     = target.KindInt
	KindDecimal = target.KindDecimal
	KindTime    = target.KindTime
	KindBool    = target.KindBool
	KindFloat   = target.KindFloat
)

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
		if c.Kind == KindDecimal {
			c.Digits = driver.DigitsOf(s.drv)
		}
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
		c.Date = strings.EqualFold(dataType, "date")
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
