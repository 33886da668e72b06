package repository

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Flatten describes the table of model type T and returns a function that
// writes a T's column values, in the table's column order, into out (len
// = columns): nil pointers become NULL, integers int64, times UTC. The
// field accessors are resolved once, here.
func Flatten[T any](s *Store) (Table, func(v *T, out []any), error) {
	t, err := s.TableOf(new(T))
	if err != nil {
		return Table{}, nil, err
	}
	st := &gorm.Statement{DB: s.gdb}
	if err := st.Parse(new(T)); err != nil {
		return Table{}, nil, fmt.Errorf("repository: parsing model: %w", err)
	}
	fields := make([]*schema.Field, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = st.Schema.LookUpField(c.Name)
	}
	ctx := context.Background()
	return t, func(v *T, out []any) {
		rv := reflect.ValueOf(v).Elem()
		for i, f := range fields {
			out[i] = plain(f.ReflectValueOf(ctx, rv))
		}
	}, nil
}

// plain turns a field's value into the kinds bulk writes take.
func plain(v reflect.Value) any {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case decimal.Decimal:
		return x
	case time.Time:
		return x.UTC()
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(v.Uint())
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return v.Interface()
}
