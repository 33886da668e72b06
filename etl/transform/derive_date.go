package transform

import (
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/value"
)

// DeriveDateConfig writes the calendar date of a timestamp into a column.
// The date is the one on the wall in Timezone (default UTC), and it is
// stored as a time.Time at midnight UTC of that date, the form of every
// date in a row (a DATE column takes it as is).
type DeriveDateConfig struct {
	// Column holds timestamps (cast first); required.
	Column string `yaml:"column"`
	// Into is the output column: replaced if it exists, else added last.
	Into string `yaml:"into"`
	// Timezone is the IANA zone whose calendar the date is taken in.
	Timezone string `yaml:"timezone"`
}

type deriveDate struct {
	name string
	cfg  DeriveDateConfig
	loc  *time.Location
}

// NewDeriveDate returns the derive_date step.
func NewDeriveDate(cfg DeriveDateConfig) (etl.Step, error) {
	if err := firstErr(checkColumn("derive_date", "column", cfg.Column),
		checkColumn("derive_date", "into", cfg.Into)); err != nil {
		return nil, err
	}
	name := "derive_date " + cfg.Column
	loc, err := value.LoadZone(cfg.Timezone)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &deriveDate{name: name, cfg: cfg, loc: loc}, nil
}

// Name returns "derive_date <column>".
func (d *deriveDate) Name() string { return d.name }

// Bind resolves the column and adds Into when it is new.
func (d *deriveDate) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	src, err := lookup(d.name, in, d.cfg.Column)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	out, dst, err := withColumn(in, d.cfg.Into)
	if err != nil {
		return etl.Columns{}, nil, fmt.Errorf("%s: %w", d.name, err)
	}
	width := out.Len()
	var buf rowBuffer
	return out, func(rec *etl.Record) error {
		date, err := d.date(rec.Row[src])
		if err != nil {
			return err
		}
		rec.Row = buf.widen(rec.Row, width)
		rec.Row[dst] = date
		return nil
	}, nil
}

// date returns the date of v (NULL for NULL), or rejects v.
func (d *deriveDate) date(v any) (any, error) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		return value.DateOf(t, d.loc), nil
	case string:
		return nil, etl.Rejectf("column %s is text; add a cast step (to: timestamp) before derive_date", d.cfg.Column)
	}
	return nil, etl.Rejectf("column %s: %s is %s; derive_date needs a timestamp", d.cfg.Column, show(v), kindName(v))
}
