package repository

import "github.com/warehouse-loader/loader/etl"

// model is a GORM model's table and flattener, as etl.Model.
type model[T any] struct {
	table   Table
	flatten func(*T, []any)
}

func (m model[T]) Table() Table            { return m.table }
func (m model[T]) Flatten(v *T, out []any) { m.flatten(v, out) }

// ModelOf describes the GORM model T for a typed pipeline (etl.NewTyped):
// its table and the writing of a T into a row (see Flatten).
func ModelOf[T any](s *Store) (etl.Model[T], error) {
	table, flatten, err := Flatten[T](s)
	if err != nil {
		return nil, err
	}
	return model[T]{table: table, flatten: flatten}, nil
}
