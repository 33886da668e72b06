package transform

import (
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// NullIfConfig makes some text values NULL (pandas replace(”, NaN)): a
// JSON file that writes a missing number as "" loads it as NULL, as a CSV
// file's empty field is.
type NullIfConfig struct {
	// Columns are the columns to clear; required.
	Columns []string `yaml:"columns"`
	// Values are the texts that mean "no value", compared exactly;
	// default [""].
	Values []string `yaml:"values"`
}

type nullIf struct {
	name    string
	columns []string
	values  []string
}

// NewNullIf returns the nullif step.
func NewNullIf(cfg NullIfConfig) (etl.Step, error) {
	if err := checkNames("nullif", "columns", cfg.Columns); err != nil {
		return nil, err
	}
	values := cfg.Values
	if len(values) == 0 {
		values = []string{""}
	}
	return &nullIf{name: "nullif " + strings.Join(cfg.Columns, ", "), columns: cfg.Columns, values: values}, nil
}

// Name returns "nullif <columns>".
func (n *nullIf) Name() string { return n.name }

// Bind resolves the columns; the columns are unchanged.
func (n *nullIf) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx, err := lookupAll(n.name, in, n.columns)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	return in, func(rec *etl.Record) error {
		for _, i := range idx {
			if s, ok := rec.Row[i].(string); ok && slices.Contains(n.values, s) {
				rec.Row[i] = nil
			}
		}
		return nil
	}, nil
}
