package transform

import (
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// BinConfig puts a number into a labelled interval (pandas pd.cut).
//
// Unlike pd.cut, the outer bins are unbounded: the lowest bin is open
// below and the highest open above, so every number gets a label. With
// edges [100, 500] and right intervals the bins are (-inf, 100],
// (100, 500] and (500, +inf): 0 and negative amounts fall in the lowest
// bin (pd.cut with bins=[0, 100, 500, inf] leaves 0 without a category).
// To refuse numbers outside a domain, set Min or Max.
//
// The input must be a decimal, an integer or a float (cast first);
// comparisons are exact decimal comparisons.
type BinConfig struct {
	// Column holds the numbers; required.
	Column string `yaml:"column"`
	// Into is the output column: replaced if it exists, else added last.
	Into string `yaml:"into"`
	// Edges are the boundaries between bins, strictly increasing, finite.
	Edges []string `yaml:"edges"`
	// Labels name the bins, from the lowest; one more than Edges.
	Labels []string `yaml:"labels"`
	// Right makes intervals include their right edge, (a, b]; false makes
	// them [a, b). Default true, as in pd.cut.
	Right *bool `yaml:"right"`
	// Min and Max, when set, reject numbers below Min or above Max
	// (both inclusive bounds of the valid domain).
	Min string `yaml:"min"`
	Max string `yaml:"max"`
}

type bin struct {
	name        string
	cfg         BinConfig
	edges       []number
	labels      []any // boxed once, so applying does not allocate
	right       bool
	min, max    *number
	hasMinOrMax bool
}

// NewBin returns the bin step after checking the edges, labels and bounds.
func NewBin(cfg BinConfig) (etl.Step, error) {
	if err := firstErr(checkColumn("bin", "column", cfg.Column), checkColumn("bin", "into", cfg.Into)); err != nil {
		return nil, err
	}
	b := &bin{name: "bin " + cfg.Column, cfg: cfg, right: cfg.Right == nil || *cfg.Right}
	if err := firstErr(b.parseEdges(), b.parseLabels(), b.parseBounds()); err != nil {
		return nil, fmt.Errorf("%s: %w", b.name, err)
	}
	return b, nil
}

func (b *bin) parseEdges() error {
	if len(b.cfg.Edges) == 0 {
		return fmt.Errorf("edges is required (increasing numbers)")
	}
	for i, e := range b.cfg.Edges {
		d, ok := parseDecimal(strings.TrimSpace(e))
		if !ok {
			return fmt.Errorf("edge %q is not a finite number (the outer bins are already unbounded)", e)
		}
		if i > 0 && d.Cmp(b.edges[i-1].d) <= 0 {
			return fmt.Errorf("edges must increase: %s comes after %s", e, b.cfg.Edges[i-1])
		}
		b.edges = append(b.edges, newNumber(d))
	}
	return nil
}

func (b *bin) parseLabels() error {
	if len(b.cfg.Labels) != len(b.cfg.Edges)+1 {
		return fmt.Errorf("%d edges make %d bins, but there are %d labels",
			len(b.cfg.Edges), len(b.cfg.Edges)+1, len(b.cfg.Labels))
	}
	for _, l := range b.cfg.Labels {
		if l == "" {
			return fmt.Errorf("labels has an empty label")
		}
		b.labels = append(b.labels, l)
	}
	return nil
}

func (b *bin) parseBounds() (err error) {
	if b.min, err = optionalNumber("min", b.cfg.Min); err != nil {
		return err
	}
	if b.max, err = optionalNumber("max", b.cfg.Max); err != nil {
		return err
	}
	if b.min != nil && b.max != nil && b.min.d.Cmp(b.max.d) > 0 {
		return fmt.Errorf("min %s is above max %s", b.cfg.Min, b.cfg.Max)
	}
	b.hasMinOrMax = b.min != nil || b.max != nil
	return nil
}

// optionalNumber parses a bound; "" is no bound.
func optionalNumber(key, s string) (*number, error) {
	if s == "" {
		return nil, nil
	}
	d, ok := parseDecimal(strings.TrimSpace(s))
	if !ok {
		return nil, fmt.Errorf("%s %q is not a number", key, s)
	}
	n := newNumber(d)
	return &n, nil
}

// Name returns "bin <column>".
func (b *bin) Name() string { return b.name }

// Bind resolves the column and adds Into when it is new.
func (b *bin) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	src, err := lookup(b.name, in, b.cfg.Column)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	out, dst, err := withColumn(in, b.cfg.Into)
	if err != nil {
		return etl.Columns{}, nil, fmt.Errorf("%s: %w", b.name, err)
	}
	width := out.Len()
	var buf rowBuffer
	return out, func(rec *etl.Record) error {
		k, err := b.index(rec.Row[src])
		if err != nil {
			return err
		}
		rec.Row = buf.widen(rec.Row, width)
		rec.Row[dst] = b.labels[k]
		return nil
	}, nil
}

// index returns the bin of v, or rejects v.
func (b *bin) index(v any) (int, error) {
	x, err := b.number(v)
	if err != nil {
		return 0, err
	}
	if b.hasMinOrMax {
		if err := b.inDomain(v, &x); err != nil {
			return 0, err
		}
	}
	// the number of edges below x (right) or at or below x (left)
	lo, hi := 0, len(b.edges)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c := x.cmp(&b.edges[mid]); c > 0 || (c == 0 && !b.right) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// number returns v as a number, or rejects v.
func (b *bin) number(v any) (number, error) {
	if x, ok := toNumber(v); ok {
		return x, nil
	}
	switch x := v.(type) {
	case nil:
		return number{}, etl.Rejectf("column %s is NULL; fill it first", b.cfg.Column)
	case string:
		return number{}, etl.Rejectf("column %s is text; add a cast step before bin", b.cfg.Column)
	case float64:
		return number{}, etl.Rejectf("column %s: %s is not a finite number", b.cfg.Column, show(x))
	}
	return number{}, etl.Rejectf("column %s: %s is %s; bin needs a number", b.cfg.Column, show(v), kindName(v))
}

// inDomain rejects v (x) when it is below Min or above Max.
func (b *bin) inDomain(v any, x *number) error {
	if b.min != nil && x.cmp(b.min) < 0 {
		return etl.Rejectf("column %s: %s is below the minimum %s", b.cfg.Column, show(v), b.cfg.Min)
	}
	if b.max != nil && x.cmp(b.max) > 0 {
		return etl.Rejectf("column %s: %s is above the maximum %s", b.cfg.Column, show(v), b.cfg.Max)
	}
	return nil
}
