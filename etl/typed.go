package etl

import "github.com/warehouse-loader/loader/etl/target"

// Model describes the table of the Go model type T and writes a T's
// values into a row of it (repository.ModelOf gives one for a GORM model).
type Model[T any] interface {
	// Table is the model's table.
	Table() target.Table
	// Flatten writes v's column values, in the table's column order, into
	// out (len = columns): nil pointers become NULL, integers int64, times
	// UTC.
	Flatten(v *T, out []any)
}

// View gives a mapping function read access to a record by column name.
type View struct {
	cols Columns
	row  Row
}

// Get returns the value of column name (nil when NULL or absent).
func (v View) Get(name string) any {
	if i := v.cols.Index(name); i >= 0 {
		return v.row[i]
	}
	return nil
}

// Text returns the value of a text column and whether it is set (not
// NULL, not absent, a string).
func (v View) Text(name string) (string, bool) {
	s, ok := v.Get(name).(string)
	return s, ok
}

// NewTyped builds a pipeline that maps every source record to a value of
// the model T with fn and loads it into T's table: a team adds a model, its
// migration and this call, and gets a compiled, typed load. fn returns a
// *RejectError (Rejectf) to reject a record, ErrDrop to skip it. Steps
// placed before it in p.Steps (from the returned pipeline) run first.
func NewTyped[T any](model Model[T], name string, src Source, mode Mode, fn func(View) (T, error)) *Pipeline {
	table := model.Table()
	step := &typedStep[T]{table: table, flatten: model.Flatten, fn: fn}
	return &Pipeline{Name: name, Source: src, Steps: []Step{step}, Target: table, Mode: mode}
}

type typedStep[T any] struct {
	table   target.Table
	flatten func(*T, []any)
	fn      func(View) (T, error)
}

func (s *typedStep[T]) Name() string { return "typed " + s.table.Model }

func (s *typedStep[T]) Bind(in Columns) (Columns, func(*Record) error, error) {
	out, err := NewColumns(s.table.Names()...)
	if err != nil {
		return Columns{}, nil, err
	}
	buf := make(Row, len(s.table.Columns))
	return out, func(rec *Record) error {
		v, err := s.fn(View{cols: in, row: rec.Row})
		if err != nil {
			return err
		}
		s.flatten(&v, buf)
		rec.Row = buf
		return nil
	}, nil
}
