package infer

import (
	"math"
	"strings"
)

// Sampler collects what the values of each source field look like, one
// record at a time, and infers the columns from them.
type Sampler struct {
	sources []string
	cols    []*stats
	records int
}

// NewSampler returns a sampler for records whose fields are sources, in
// that order.
func NewSampler(sources []string) *Sampler {
	s := &Sampler{}
	for _, name := range sources {
		s.AddSource(name)
	}
	return s
}

// AddSource adds a field first seen after NewSampler (JSON records may
// add keys); the records added before count as missing for it. Its
// values come at the next position of the records given to Add.
func (s *Sampler) AddSource(name string) {
	s.sources = append(s.sources, name)
	s.cols = append(s.cols, &stats{})
}

// Add samples one record: values[i] is the value of the i-th source, nil
// when it is missing or null. An empty value counts as missing too (a
// blank one is text: file sources read only "" as NULL, and a cast
// refuses blanks). Values beyond the sources are ignored; sources beyond
// the values are missing.
func (s *Sampler) Add(values []*string) {
	s.records++
	for i, v := range values {
		if i < len(s.cols) && v != nil {
			s.cols[i].add(*v)
		}
	}
}

// Columns returns the inferred columns in source order, with unique
// snake_case names.
func (s *Sampler) Columns() []Column {
	names := Names(s.sources)
	out := make([]Column, len(s.cols))
	for i, st := range s.cols {
		out[i] = st.column(s.sources[i], names[i], s.records)
	}
	return out
}

// stats is what the values of one field looked like.
type stats struct {
	values   int // non-null values
	maxLen   int
	text     bool // a value no other kind reads
	ints     int
	long     int // integers of more digits than numbers have
	decs     int
	floats   int
	bools    int
	binary   int // values 0 and 1, exactly as the bool cast reads them
	times    int
	min, max int64 // of the integers and the integer parts of decimals
	intPart  int   // most digits before the point
	scale    int   // most digits after the point
	layouts  []*timeLayout
	isoTime  bool           // an ISO 8601 value with a time of day
	tokens   map[string]int // missing-value tokens (NA, NULL, ...), counted in values
}

func (st *stats) add(raw string) {
	if raw == "" {
		return // NULL, as a file source reads it
	}
	st.values++
	st.maxLen = max(st.maxLen, len(raw))
	if isMissingToken(raw) {
		st.addToken(raw)
		return
	}
	v := strings.TrimSpace(raw)
	if st.text || v == "" {
		st.text = true // blanks are text: a cast refuses them
		return
	}
	if n, ok := readNumber(v); ok {
		st.addNumber(n)
		if v == "0" || v == "1" {
			st.binary++
		}
		return
	}
	if isBoolWord(v) {
		st.bools++
		return
	}
	if couldBeTime(v) && st.addTime(v) {
		st.times++
		return
	}
	st.text = true
}

func (st *stats) addNumber(n number) {
	st.intPart = max(st.intPart, n.intPart)
	st.scale = max(st.scale, n.scale)
	if n.shape != shapeFloat {
		if st.ints+st.decs == 0 {
			st.min, st.max = n.n, n.n
		}
		st.min, st.max = min(st.min, n.n), max(st.max, n.n)
	}
	switch n.shape {
	case shapeInteger:
		st.ints++
		if n.long {
			st.long++
		}
	case shapeDecimal:
		st.decs++
	default:
		st.floats++
	}
}

// addTime narrows the layouts to those that read v too; false when none
// is left, and the column is text.
func (st *stats) addTime(v string) bool {
	if st.times == 0 {
		st.layouts = nil
		for _, l := range timeLayouts {
			if l.reads(v) {
				st.layouts = append(st.layouts, l)
			}
		}
	} else { // in place: st.layouts is the column's own
		kept := st.layouts[:0]
		for _, l := range st.layouts {
			if l.reads(v) {
				kept = append(kept, l)
			}
		}
		st.layouts = kept
	}
	if len(st.layouts) == 0 {
		return false
	}
	if st.layouts[0].layout == "" && isoTime(v) {
		st.isoTime = true
	}
	return true
}

// column infers the column. Missing-value tokens are NULL when the other
// values, at least one, are of a kind other than text; else they are text.
func (st *stats) column(source, name string, records int) Column {
	c := Column{Source: source, Name: name, Kind: Text, Nullable: st.values < records,
		MaxLen: st.maxLen, Values: st.values}
	tokens := st.tokenCount()
	switch {
	case tokens == st.values || st.text:
		return c // no value but tokens, or text: the tokens are text
	case tokens == 0:
		st.kind(&c)
		return c
	}
	typed := *st
	typed.values -= tokens
	typed.kind(&c)
	if c.Kind != Text {
		c.Nullable, c.Values, c.NullValues = true, typed.values, st.tokenList()
	}
	return c
}

// kind sets the column's kind from the values that are not missing.
func (st *stats) kind(c *Column) {
	switch {
	case st.long > 0:
		st.longKind(c)
	case st.times > 0:
		st.timeKind(c)
	case st.bools > 0:
		if st.bools+st.binary == st.values {
			c.Kind = Boolean
		}
	case st.floats > 0:
		c.Kind = Float
	case st.decs > 0:
		st.decimalKind(c)
	default:
		st.integerKind(c)
	}
	if identifierName(c.Name) && (c.Kind == Integer || c.Kind == Decimal || c.Kind == Float) {
		*c = Column{Source: c.Source, Name: c.Name, Kind: Text, Nullable: c.Nullable, MaxLen: c.MaxLen, Values: c.Values}
	}
}

// timeKind sets a date or timestamp column from the first layout that
// read every value, when every value was one.
func (st *stats) timeKind(c *Column) {
	if st.times != st.values {
		return
	}
	l := st.layouts[0]
	c.Layout = l.layout
	c.Kind = Timestamp
	if l.date || (l.layout == "" && !st.isoTime) {
		c.Kind = Date
	}
}

func (st *stats) decimalKind(c *Column) {
	if unit := epochUnit(c.Name, st.min, st.max); unit != "" && st.scale <= epochScale[unit] {
		c.Kind, c.Unit = Timestamp, unit
		return
	}
	p := max(st.intPart, 1) + st.scale
	if p > maxPrecision {
		return
	}
	c.Kind, c.Precision, c.Scale = Decimal, p, st.scale
}

// longKind: integers of 19 digits are identifiers unless they are epoch
// nanoseconds.
func (st *stats) longKind(c *Column) {
	if st.ints != st.values {
		return
	}
	if unit := epochUnit(c.Name, st.min, st.max); unit != "" {
		c.Kind, c.Unit = Timestamp, unit
	}
}

func (st *stats) integerKind(c *Column) {
	if unit := epochUnit(c.Name, st.min, st.max); unit != "" {
		c.Kind, c.Unit = Timestamp, unit
		return
	}
	c.Kind, c.Bits = Integer, 64
	if st.min >= math.MinInt32 && st.max <= math.MaxInt32 {
		c.Bits = 32
	}
}
