package httpsource

import (
	"fmt"

	"github.com/tidwall/gjson"
	"github.com/zeebo/xxh3"

	"github.com/warehouse-loader/loader/etl"
)

// incremental is the state of an incremental load: the mark committed by
// the previous run (base), the one this run raises (high), and the value
// it sends.
type incremental struct {
	cfg      Incremental
	lag      lag
	appends  bool
	base     *mark
	high     *mark
	since    string
	filtered int64
}

// incremental returns the incremental state of a run from the marks
// base and high.
func (s *Source) incremental(base, high *mark) *incremental {
	return &incremental{cfg: *s.cfg.Cursor, lag: s.lag, base: base, high: high,
		appends: s.cfg.Mode == etl.Append || s.cfg.Mode == ""}
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
	in.high.raise(v, h, in.lag.zero()) // a full edge fails the last batch only (tooCoarse)
	return false, nil
}

// tooCoarse returns an error when an append run ends (the pagination is
// read to its end) with more records at its mark than the edge keeps:
// the next run could not tell the records at the mark it loaded from new
// ones. A mark the run went past later is no matter.
func (in *incremental) tooCoarse() error {
	if !in.appends || in.high == nil || !in.high.full {
		return nil
	}
	return fmt.Errorf("more than %d records share %s = %s: the cursor field is too coarse to resume exactly once; use a finer field or mode: upsert",
		maxEdge, in.cfg.Field, in.high.max.text)
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
