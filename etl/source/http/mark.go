package httpsource

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/tidwall/gjson"
	"github.com/zeebo/xxh3"

	"github.com/warehouse-loader/loader/etl"
)

// mark is a high-water mark: the highest cursor value seen and the
// hashes of the records that have exactly it (the edge), so a run that
// asks for values from the mark on (inclusive) can tell the records at
// the mark it already loaded from new ones sharing their value.
type mark struct {
	max  value
	edge map[uint64]struct{}
}

// markJSON is a mark as a checkpoint stores it.
type markJSON struct {
	Kind   string   `json:"kind"`
	Layout string   `json:"layout,omitempty"`
	Max    string   `json:"max"`
	Edge   []string `json:"edge,omitempty"`
}

// clone returns a copy of m (nil for nil).
func (m *mark) clone() *mark {
	if m == nil {
		return nil
	}
	c := &mark{max: m.max, edge: make(map[uint64]struct{}, len(m.edge))}
	for h := range m.edge {
		c.edge[h] = struct{}{}
	}
	return c
}

// has reports whether a record of hash h is at the edge.
func (m *mark) has(h uint64) bool {
	_, ok := m.edge[h]
	return ok
}

// raise takes v (of the record of hash h) into the mark; track tells
// whether to keep the edge.
func (m *mark) raise(v value, h uint64, track bool) {
	c := v.compare(m.max)
	if c > 0 {
		m.max = v
		clear(m.edge)
	}
	if c >= 0 && track {
		m.edge[h] = struct{}{}
	}
}

// store returns m as a checkpoint keeps it (nil for nil).
func (m *mark) store() *markJSON {
	if m == nil {
		return nil
	}
	j := &markJSON{Kind: m.max.kind, Layout: m.max.layout, Max: m.max.text}
	for h := range m.edge {
		j.Edge = append(j.Edge, strconv.FormatUint(h, 16))
	}
	slices.Sort(j.Edge)
	return j
}

// load returns the mark j stores (nil for nil).
func (j *markJSON) load() (*mark, error) {
	if j == nil {
		return nil, nil
	}
	v, ok := restore(j.Kind, j.Layout, j.Max)
	if !ok {
		return nil, fmt.Errorf("the stored maximum %q is not a %s", j.Max, j.Kind)
	}
	m := &mark{max: v, edge: make(map[uint64]struct{}, len(j.Edge))}
	for _, e := range j.Edge {
		h, err := strconv.ParseUint(e, 16, 64)
		if err != nil {
			return nil, fmt.Errorf("the stored edge hash %q is not hexadecimal", e)
		}
		m.edge[h] = struct{}{}
	}
	return m, nil
}

// incremental is the state of an incremental load: the mark committed by
// the previous run (base), the one this run raises (high), and the value
// it sends.
type incremental struct {
	cfg      Incremental
	lag      lag
	base     *mark
	high     *mark
	since    string
	filtered int64
}

// see looks at the cursor value of the record raw (number n): it reports
// whether an earlier run loaded it (skip it), a *etl.RejectError when the
// value is missing or of another kind than the mark's, or an error when
// the lag does not fit the values.
func (in *incremental) see(raw []byte, n int64) (bool, error) {
	v, ok := parseValue(gjson.GetBytes(raw, in.cfg.Field))
	if !ok {
		return false, etl.Rejectf("record %d: no value for the cursor field %s", n, in.cfg.Field)
	}
	if in.high != nil && v.kind != in.high.max.kind {
		return false, etl.Rejectf("record %d: the cursor field %s holds %s %q, but its earlier values are %ss",
			n, in.cfg.Field, article(v.kind), v.text, in.high.max.kind)
	}
	h := xxh3.Hash(raw)
	if in.lag.zero() && in.base != nil {
		if c := v.compare(in.base.max); c < 0 || c == 0 && in.base.has(h) {
			in.filtered++
			return true, nil
		}
	}
	if in.high == nil {
		if err := in.lag.fits(v, in.cfg.Field); err != nil {
			return false, err
		}
		in.high = &mark{max: v, edge: map[uint64]struct{}{}}
	}
	in.high.raise(v, h, in.lag.zero())
	return false, nil
}

func article(kind string) string {
	if kind == kindText {
		return "text"
	}
	return "a " + kind
}

// sinceFrom returns the value to send given the committed mark base: the
// initial value without one, the API's own text of the maximum with no
// lag, else the maximum minus the lag, written in the API's layout.
func (in *incremental) sinceFrom(base *mark) (string, error) {
	if base == nil {
		return in.cfg.Initial, nil
	}
	if in.lag.zero() {
		return base.max.text, nil
	}
	if err := in.lag.fits(base.max, in.cfg.Field); err != nil {
		return "", err
	}
	if in.lag.number {
		return base.max.num.Sub(in.lag.n).String(), nil
	}
	return base.max.t.Add(-in.lag.d).Format(base.max.layout), nil
}

// fits checks that l can be taken from values like v.
func (l lag) fits(v value, field string) error {
	switch {
	case l.zero():
	case l.number && v.kind != kindNumber:
		return fmt.Errorf("cursor.lag: %s is a number, but %s holds %s values like %q; set a lag of their kind or none", l.n, field, v.kind, v.text)
	case !l.number && v.kind != kindTime:
		return fmt.Errorf("cursor.lag: %s is a duration, but %s holds %s values like %q; set a lag of their kind or none", l.d, field, v.kind, v.text)
	}
	return nil
}
