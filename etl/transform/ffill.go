package transform

import (
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// FFillConfig replaces NULL by the last non-NULL value seen in the same
// column, in source order (pandas ffill). NULLs before the first value
// stay NULL. The memory of last values lives in one run: a run resumed
// from a checkpoint starts with none.
type FFillConfig struct {
	// Columns are the columns to fill; required.
	Columns []string `yaml:"columns"`
}

type ffill struct {
	name    string
	columns []string
}

// NewFFill returns the ffill step.
func NewFFill(cfg FFillConfig) (etl.Step, error) {
	if err := checkNames("ffill", "columns", cfg.Columns); err != nil {
		return nil, err
	}
	return &ffill{name: "ffill " + strings.Join(cfg.Columns, ", "), columns: cfg.Columns}, nil
}

// Name returns "ffill <columns>".
func (f *ffill) Name() string { return f.name }

// Bind resolves the columns and starts with no last values.
func (f *ffill) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx, err := lookupAll(f.name, in, f.columns)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	last := make([]any, len(idx))
	return in, func(rec *etl.Record) error {
		for k, i := range idx {
			if v := rec.Row[i]; v != nil {
				last[k] = v
			} else {
				rec.Row[i] = last[k]
			}
		}
		return nil
	}, nil
}
