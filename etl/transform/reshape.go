package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// RenameConfig renames columns; the values do not move.
type RenameConfig struct {
	// Mapping maps old names to new ones; required. Swaps are allowed.
	Mapping map[string]string `yaml:"mapping"`
}

type rename struct {
	name    string
	mapping map[string]string
	olds    []string // sorted, for stable messages
}

// NewRename returns the rename step.
func NewRename(cfg RenameConfig) (etl.Step, error) {
	if len(cfg.Mapping) == 0 {
		return nil, fmt.Errorf("rename: mapping is required (old: new)")
	}
	olds := make([]string, 0, len(cfg.Mapping))
	for old, n := range cfg.Mapping {
		if old == "" || n == "" {
			return nil, fmt.Errorf("rename: mapping has an empty name (%q: %q)", old, n)
		}
		olds = append(olds, old)
	}
	slices.Sort(olds)
	return &rename{name: "rename " + strings.Join(olds, ", "), mapping: cfg.Mapping, olds: olds}, nil
}

// Name returns "rename <old names>".
func (r *rename) Name() string { return r.name }

// Bind checks that the old names exist and the new ones do not collide.
func (r *rename) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	names := slices.Clone(in.Names())
	for _, old := range r.olds {
		i, err := lookup(r.name, in, old)
		if err != nil {
			return etl.Columns{}, nil, err
		}
		names[i] = r.mapping[old]
	}
	out, err := etl.NewColumns(names...)
	if err != nil {
		return etl.Columns{}, nil, fmt.Errorf("%s: the new names collide: %w", r.name, err)
	}
	return out, func(*etl.Record) error { return nil }, nil
}

// SelectConfig keeps some columns, in a given order, and drops the rest.
type SelectConfig struct {
	// Columns are the output columns, in order; required.
	Columns []string `yaml:"columns"`
}

type selectColumns struct {
	name    string
	columns []string
}

// NewSelect returns the select step. Its output row lives in a buffer the
// step owns and reuses: it is valid until the step's next record, so a
// runner that keeps rows copies them (etl's producer does).
func NewSelect(cfg SelectConfig) (etl.Step, error) {
	if err := checkNames("select", "columns", cfg.Columns); err != nil {
		return nil, err
	}
	return &selectColumns{name: "select " + strings.Join(cfg.Columns, ", "), columns: cfg.Columns}, nil
}

// Name returns "select <columns>".
func (s *selectColumns) Name() string { return s.name }

// Bind resolves the columns; the output has exactly those columns.
func (s *selectColumns) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx, err := lookupAll(s.name, in, s.columns)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	out := etl.MustColumns(s.columns...)
	var buf rowBuffer
	return out, func(rec *etl.Record) error {
		row := buf.take(rec.Row, len(idx))
		for k, i := range idx {
			row[k] = rec.Row[i]
		}
		rec.Row = row
		return nil
	}, nil
}
