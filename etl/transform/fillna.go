package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// FillNAConfig replaces NULL in some columns by a value (pandas fillna).
type FillNAConfig struct {
	// Columns are the columns to fill; required.
	Columns []string `yaml:"columns"`
	// Value replaces NULL. It is text, cast later like any other value,
	// unless Kind says otherwise; the empty string is a valid value.
	Value string `yaml:"value"`
	// Kind, when set, stores Value as that kind (any CastConfig.To), for a
	// fillna that runs after the column's cast: kind: decimal puts the
	// decimal 0, not the text "0".
	Kind string `yaml:"kind"`
}

type fillNA struct {
	name    string
	columns []string
	value   any
}

// NewFillNA returns the fillna step. Value is converted to Kind here, once.
func NewFillNA(cfg FillNAConfig) (etl.Step, error) {
	if err := checkNames("fillna", "columns", cfg.Columns); err != nil {
		return nil, err
	}
	name := "fillna " + strings.Join(cfg.Columns, ", ")
	value, err := fillValue(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &fillNA{name: name, columns: cfg.Columns, value: value}, nil
}

// fillValue converts the fill value to its kind.
func fillValue(cfg FillNAConfig) (any, error) {
	if cfg.Kind == "" || cfg.Kind == KindString {
		return cfg.Value, nil
	}
	if !slices.Contains(castKinds, cfg.Kind) {
		return nil, fmt.Errorf("kind %q is not one of %s", cfg.Kind, strings.Join(castKinds, ", "))
	}
	conv, err := newConverter(CastConfig{Column: "value", To: cfg.Kind})
	if err != nil {
		return nil, err
	}
	v, err := conv.convert(cfg.Value)
	if err != nil {
		return nil, fmt.Errorf("value %q is not a valid %s", cfg.Value, cfg.Kind)
	}
	return v, nil
}

// Name returns "fillna <columns>".
func (f *fillNA) Name() string { return f.name }

// Bind resolves the columns; the columns are unchanged.
func (f *fillNA) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx, err := lookupAll(f.name, in, f.columns)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	value := f.value
	return in, func(rec *etl.Record) error {
		for _, i := range idx {
			if rec.Row[i] == nil {
				rec.Row[i] = value
			}
		}
		return nil
	}, nil
}
