package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// CastConfig converts one column to a kind (pandas astype / to_datetime).
// The input may be text, read by the rules of package etl/value (the same
// the final conversion to the target column follows, so a value loads or
// is rejected alike with or without a cast), or already a value of the
// target kind, so casting twice is harmless. NULL stays NULL: requiring a
// value is validate's job.
type CastConfig struct {
	// Column is the column to convert, in place.
	Column string `yaml:"column"`
	// To is the target kind: int, decimal, bool, timestamp, date, string
	// or float.
	To string `yaml:"to"`
	// Scale (decimal) is the number of decimal places kept; unset keeps
	// them all. With to: string, decimals are written with Scale places.
	Scale *int32 `yaml:"scale"`
	// Rounding (decimal, with Scale) says what to do with a value that has
	// more places than Scale: reject (the default: the record is rejected,
	// never silently rounded), half_up (away from zero on a tie) or
	// half_even (to the even neighbour on a tie).
	Rounding string `yaml:"rounding"`
	// Format (timestamp, date) is a Go layout ("2006-01-02 15:04:05") or
	// one of the names rfc3339 and iso8601. With to: string, timestamps are
	// written with it (default RFC 3339).
	Format string `yaml:"format"`
	// Formats are several layouts tried in order; set Format or Formats.
	// The default for timestamp and date is iso8601.
	Formats []string `yaml:"formats"`
	// Timezone (timestamp, date) is the IANA zone the input is in when it
	// has no offset; default UTC. Timestamps are always stored in UTC.
	Timezone string `yaml:"timezone"`
	// TrueValues and FalseValues (bool) are the words read as true and
	// false, compared case-insensitively. Defaults: true, t, yes, y, 1 and
	// false, f, no, n, 0.
	TrueValues  []string `yaml:"true_values"`
	FalseValues []string `yaml:"false_values"`
	// Unit (timestamp) reads epoch numbers, integer or decimal, counted
	// in s, ms, us or ns since 1970-01-01 UTC, instead of text in a
	// layout; set Unit or Format, not both.
	Unit string `yaml:"unit"`
}

// Target kinds of CastConfig.To.
const (
	KindInt       = "int"
	KindDecimal   = "decimal"
	KindBool      = "bool"
	KindTimestamp = "timestamp"
	KindDate      = "date"
	KindString    = "string"
	KindFloat     = "float"
)

var castKinds = []string{KindInt, KindDecimal, KindBool, KindTimestamp, KindDate, KindString, KindFloat}

// cast is the step NewCast builds.
type cast struct {
	name   string
	column string
	conv   converter
}

// NewCast returns the step that converts cfg.Column to cfg.To. It checks
// the config: a known kind, a scale between 0 and 1000, a known rounding,
// layouts that are Go layouts, a zone that exists, bool words that do not
// overlap. Settings that do not apply to the kind are an error.
func NewCast(cfg CastConfig) (etl.Step, error) {
	if err := checkColumn("cast", "column", cfg.Column); err != nil {
		return nil, err
	}
	name := "cast " + cfg.Column
	if !slices.Contains(castKinds, cfg.To) {
		return nil, fmt.Errorf("%s: to %q is not one of %s", name, cfg.To, strings.Join(castKinds, ", "))
	}
	if err := checkApplies(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	conv, err := newConverter(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &cast{name: name, column: cfg.Column, conv: conv}, nil
}

// Name returns "cast <column>".
func (c *cast) Name() string { return c.name }

// Bind resolves the column; the columns are unchanged.
func (c *cast) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	i, err := lookup(c.name, in, c.column)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	conv := c.conv
	return in, func(rec *etl.Record) error {
		v := rec.Row[i]
		if v == nil {
			return nil
		}
		out, err := conv.convert(v)
		if err != nil {
			return err
		}
		rec.Row[i] = out
		return nil
	}, nil
}

// checkApplies rejects settings that the target kind ignores, so that a
// scale on a timestamp or a format on a decimal is not silently dropped.
func checkApplies(cfg CastConfig) error {
	only := func(set bool, key string, kinds ...string) error {
		if !set {
			return nil
		}
		if slices.Contains(kinds, cfg.To) {
			return nil
		}
		return fmt.Errorf("%s does not apply to %s (only to %s)", key, cfg.To, strings.Join(kinds, ", "))
	}
	return firstErr(
		only(cfg.Scale != nil, "scale", KindDecimal, KindString),
		only(cfg.Rounding != "", "rounding", KindDecimal),
		only(cfg.Format != "" || len(cfg.Formats) > 0, "format", KindTimestamp, KindDate, KindString),
		only(cfg.Timezone != "", "timezone", KindTimestamp, KindDate),
		only(len(cfg.TrueValues)+len(cfg.FalseValues) > 0, "true_values/false_values", KindBool),
		only(cfg.Unit != "", "unit", KindTimestamp),
	)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
