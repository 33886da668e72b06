package etl

import "github.com/warehouse-loader/loader/etl/target"

// Conformer returns the final conversion of rows with columns cols to rows
// of t, the producer's last stage, for the external benchmarks.
func Conformer(cols Columns, t target.Table) (func(Row, []any) error, error) {
	c, err := newConformer(cols, t)
	if err != nil {
		return nil, err
	}
	return c.conform, nil
}
