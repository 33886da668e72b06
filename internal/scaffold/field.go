package scaffold

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl/infer"
	"github.com/warehouse-loader/loader/etl/transform"
)

// Column names the loader fills itself.
const (
	idColumn  = "id"
	runColumn = "load_run_id"
)

// Field is one column of a scaffolded model: how the Go file declares it
// and how the pipeline fills it.
type Field struct {
	// Name is the Go field name, Column the table's column.
	Name, Column string
	// Source is the source column it is loaded from; "" for the columns
	// the loader fills (the surrogate id, load_run_id).
	Source string
	// Type is the Go type; Tag the gorm tag's value.
	Type reflect.Type
	Tag  string
	// Comment is the field's doc comment, or "" (then the Go file says
	// which source column it is read from when the names differ).
	Comment string
	// Cast is the cast step that reads the source text (infer's), nil
	// for text.
	Cast *transform.CastConfig
	// Key is set for --key columns.
	Key bool
	// NullValues are the texts the sample used for "no value" (NA, NULL,
	// ...: infer.Column.NullValues): a nullif step clears them before the
	// cast.
	NullValues []string
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
)

// fieldsOf turns the inferred columns into the model's fields, keys
// first in the order given, then the others in file order; without keys
// a surrogate id comes first. Every model ends with load_run_id, which
// the loader fills with the run that wrote the row. typed says the source
// types the values (Sample.Typed).
func fieldsOf(cols []infer.Column, keys []string, typed bool) ([]Field, error) {
	cols = renameReserved(cols, len(keys) == 0)
	order, err := keyOrder(cols, keys)
	if err != nil {
		return nil, err
	}
	var fields []Field
	if len(keys) == 0 {
		fields = append(fields, Field{Column: idColumn, Type: reflect.TypeFor[int64](), Tag: "primaryKey;autoIncrement",
			Comment: "ID is a surrogate key: the sample has no key column (give one with --key)."})
	}
	for n, i := range order {
		fields = append(fields, fieldOf(cols[i], n < len(keys), typed))
	}
	fields = append(fields, Field{Column: runColumn, Type: reflect.TypeFor[int64](), Tag: "not null;index",
		Comment: "LoadRunID is the run that last wrote the row."})
	nameFields(fields)
	return fields, nil
}

// renameReserved renames source columns whose names the loader uses
// itself: load_run_id, and id when the model gets a surrogate id.
func renameReserved(cols []infer.Column, surrogate bool) []infer.Column {
	taken := map[string]bool{}
	for i := range cols {
		taken[cols[i].Name] = true
	}
	out := slices.Clone(cols)
	for i := range out {
		c := out[i].Name
		if c != runColumn && (c != idColumn || !surrogate) {
			continue
		}
		n := "source_" + c
		for k := 2; taken[n]; k++ {
			n = fmt.Sprintf("source_%s_%d", c, k)
		}
		taken[n] = true
		out[i].Name = n
	}
	return out
}

// keyOrder returns the positions of cols: the keys first, in the order
// given (by source or column name), then the rest. A key that is not a
// column, or that the sample has missing values for, is an error.
func keyOrder(cols []infer.Column, keys []string) ([]int, error) {
	var order []int
	for _, k := range keys {
		i := slices.IndexFunc(cols, func(c infer.Column) bool { return c.Source == k || c.Name == k })
		switch {
		case i < 0:
			return nil, fmt.Errorf("--key %s: the file has no such column; its columns: %s", k, columnList(cols))
		case slices.Contains(order, i):
			return nil, fmt.Errorf("--key %s is given twice", k)
		case cols[i].Nullable:
			return nil, fmt.Errorf("--key %s: the sample has records without a value for it, and a key needs one in every record; choose another --key or none (a surrogate id)", k)
		}
		order = append(order, i)
	}
	for i := range cols {
		if !slices.Contains(order, i) {
			order = append(order, i)
		}
	}
	return order, nil
}

func columnList(cols []infer.Column) string {
	names := make([]string, len(cols))
	for i := range cols {
		names[i] = strconv.Quote(cols[i].Source)
	}
	return strings.Join(names, ", ")
}

// nameFields gives every field a Go name, unique in the struct and
// clear of the model's TableName method.
func nameFields(fields []Field) {
	taken := map[string]bool{"TableName": true}
	for i := range fields {
		base := goName(fields[i].Column)
		n := base
		for k := 2; taken[n]; k++ {
			n = fmt.Sprintf("%s%d", base, k)
		}
		taken[n] = true
		fields[i].Name = n
	}
}

// fieldOf maps one inferred column to its field. A column the source
// types itself (typed) gets no cast, and a decimal the precision the file
// declares.
func fieldOf(c infer.Column, key, typed bool) Field {
	f := Field{Column: c.Name, Source: c.Source, Key: key, NullValues: c.NullValues}
	var tag []string
	switch c.Kind {
	case infer.Integer:
		// bigint whatever the sample held: the rest of the file may not
		// fit a 32-bit integer.
		f.Type = reflect.TypeFor[int64]()
		if key {
			tag = append(tag, "autoIncrement:false") // GORM would make an integer key a serial
		}
	case infer.Decimal:
		f.Type = decimalType
		p := decimalPrecision(c)
		if typed {
			p = max(c.Precision, c.Scale, 1)
		}
		tag = append(tag, fmt.Sprintf("type:numeric(%d,%d)", p, c.Scale))
	case infer.Float:
		f.Type = reflect.TypeFor[float64]()
	case infer.Boolean:
		f.Type = reflect.TypeFor[bool]()
	case infer.Date:
		f.Type = timeType
		tag = append(tag, "type:date")
	case infer.Timestamp:
		f.Type = timeType
	default:
		f.Type = reflect.TypeFor[string]()
		tag = append(tag, "type:text")
	}
	if cfg, ok := c.Cast(); ok && !typed {
		f.Cast = &cfg
	}
	f.Tag = strings.Join(append(nullability(c, key), tag...), ";")
	if c.Nullable && !key {
		f.Type = reflect.PointerTo(f.Type)
	}
	return f
}

// decimalHeadroom is how many more digits than the sample's a decimal
// column gets, at least minPrecision, at most 38: the sample's widest
// value (19.90: numeric(4,2)) is rarely the file's.
const (
	decimalHeadroom = 4
	minPrecision    = 18
	maxPrecision    = 38
)

// decimalPrecision is the precision a scaffolded decimal column gets.
func decimalPrecision(c infer.Column) int {
	p := max(c.Precision, c.Scale, 1)
	return max(min(max(p+decimalHeadroom, minPrecision), maxPrecision), p)
}

// nullability returns the tag's primaryKey or not null part.
func nullability(c infer.Column, key bool) []string {
	switch {
	case key:
		return []string{"primaryKey"}
	case c.Nullable:
		return nil
	default:
		return []string{"not null"}
	}
}

// structOf returns a pointer to a zero value of a struct type declaring
// exactly the fields the Go file declares, for generating its SQL.
func structOf(fields []Field) any {
	sf := make([]reflect.StructField, len(fields))
	for i := range fields {
		f := &fields[i]
		sf[i] = reflect.StructField{Name: f.Name, Type: f.Type, Tag: reflect.StructTag(f.tag())}
	}
	return reflect.New(reflect.StructOf(sf)).Interface()
}

// tag returns the field's whole struct tag.
func (f Field) tag() string {
	if f.Tag == "" {
		return fmt.Sprintf(`gorm:"column:%s"`, f.Column)
	}
	return fmt.Sprintf(`gorm:"column:%s;%s"`, f.Column, f.Tag)
}
