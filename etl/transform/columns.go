package transform

import (
	"fmt"

	"github.com/warehouse-loader/loader/etl"
)

// lookup resolves one column for the step called step.
func lookup(step string, in etl.Columns, name string) (int, error) {
	i, err := in.Lookup(name)
	if err != nil {
		return -1, fmt.Errorf("%s: %w", step, err)
	}
	return i, nil
}

// lookupAll resolves several columns for the step called step.
func lookupAll(step string, in etl.Columns, names []string) ([]int, error) {
	idx := make([]int, len(names))
	for k, n := range names {
		i, err := lookup(step, in, n)
		if err != nil {
			return nil, err
		}
		idx[k] = i
	}
	return idx, nil
}

// withColumn returns the columns a step outputs when it writes into name:
// in itself when name is a column (replaced in place), else in plus name
// at the end. i is name's position in out.
func withColumn(in etl.Columns, name string) (out etl.Columns, i int, err error) {
	if i = in.Index(name); i >= 0 {
		return in, i, nil
	}
	names := append(append(make([]string, 0, in.Len()+1), in.Names()...), name)
	out, err = etl.NewColumns(names...)
	return out, in.Len(), err
}

// checkNames validates a config's list of column names: not empty, no
// blank names, no repeats. what names the setting in the message.
func checkNames(step, what string, names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("%s: %s is required (a list of column names)", step, what)
	}
	for i, n := range names {
		if n == "" {
			return fmt.Errorf("%s: %s has an empty name at position %d", step, what, i+1)
		}
		for _, m := range names[:i] {
			if m == n {
				return fmt.Errorf("%s: %s lists %q twice", step, what, n)
			}
		}
	}
	return nil
}

// checkColumn validates a config's single column name.
func checkColumn(step, what, name string) error {
	if name == "" {
		return fmt.Errorf("%s: %s is required", step, what)
	}
	return nil
}
