package jsonsource

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/etl"
)

// Objects turns JSON objects into rows of fixed columns, the way the json
// source reads its records: strings as they are, numbers as their literal
// text, true/false as bools, null and absent fields as NULL, nested objects
// and arrays as compact JSON text. Sources that receive JSON objects from
// elsewhere (an HTTP API, a broker) decode them with it. It is not safe for
// concurrent use.
type Objects struct {
	// IgnoreUnknown makes fields that are not columns be skipped instead
	// of rejecting the record.
	IgnoreUnknown bool

	width int
	index map[string]int
	seen  []int64 // generation a column was last set in
	gen   int64
	buf   bytes.Buffer
}

// NewObjects returns a decoder of objects into rows of these columns.
func NewObjects(columns []string) *Objects {
	o := &Objects{width: len(columns), index: make(map[string]int, len(columns)), seen: make([]int64, len(columns))}
	for i, n := range columns {
		o.index[n] = i
	}
	return o
}

// Fill sets rec.Raw to the object raw's values by column and rec.JSON to
// raw (what a reject of the record stores; it must stay valid until the
// next record). A value that is not an object, not valid UTF-8, has a
// field twice or (unless IgnoreUnknown) a field that is not a column
// gives a *etl.RejectError naming rec.N, and rec.Raw holds raw's text.
func (s *Objects) Fill(rec *etl.Record, raw []byte) error {
	rec.JSON = raw
	sc := objScanner{b: raw}
	if !sc.open() {
		return s.reject(rec, raw, "record %d: not a JSON object", rec.N)
	}
	if !utf8.Valid(raw) {
		return s.reject(rec, raw, "record %d: not valid UTF-8", rec.N)
	}
	rec.Raw = rec.Raw[:0]
	for range s.width {
		rec.Raw = append(rec.Raw, nil)
	}
	s.gen++
	for sc.more() {
		k, v := sc.member()
		i, ok := s.column(k)
		switch {
		case !ok && s.IgnoreUnknown:
			continue
		case !ok:
			return s.reject(rec, raw, "record %d: unexpected field %q", rec.N, unquote(k))
		case s.seen[i] == s.gen:
			return s.reject(rec, raw, "record %d: field %q appears twice", rec.N, unquote(k))
		}
		s.seen[i] = s.gen
		rec.Raw[i] = s.value(v)
	}
	return nil
}

// reject sets rec.Raw to the element's text, and rec.JSON to it with
// invalid UTF-8 replaced, and returns a RejectError.
func (s *Objects) reject(rec *etl.Record, raw []byte, format string, a ...any) error {
	text := strings.ToValidUTF8(string(raw), "\uFFFD")
	rec.Raw = append(rec.Raw[:0], text)
	rec.JSON = []byte(text)
	return etl.Rejectf(format, a...)
}

// column returns the position of the quoted key k.
func (s *Objects) column(k []byte) (int, bool) {
	if len(k) >= 2 && bytes.IndexByte(k, '\\') < 0 {
		i, ok := s.index[string(k[1:len(k)-1])]
		return i, ok
	}
	i, ok := s.index[unquote(k)]
	return i, ok
}

// value converts one JSON value: string → string, number → its literal
// text, true/false → bool, null → nil, object/array → compact JSON text.
func (s *Objects) value(v []byte) any {
	if len(v) == 0 {
		return nil
	}
	switch v[0] {
	case '"':
		if bytes.IndexByte(v, '\\') < 0 {
			return string(v[1 : len(v)-1])
		}
		return unquote(v)
	case 't':
		return true
	case 'f':
		return false
	case 'n':
		return nil
	case '{', '[':
		return s.compact(v)
	}
	return string(v)
}

// compact returns v without insignificant white space.
func (s *Objects) compact(v []byte) string {
	if !bytes.ContainsAny(v, " \t\r\n") {
		return string(v)
	}
	s.buf.Reset()
	if err := json.Compact(&s.buf, v); err != nil {
		return string(v)
	}
	return s.buf.String()
}

// ObjectKeys returns the keys of the JSON object raw, in order, and false
// if raw is not an object or a key is not valid UTF-8.
func ObjectKeys(raw []byte) ([]string, bool) {
	sc := objScanner{b: raw}
	if !sc.open() {
		return nil, false
	}
	var keys []string
	for sc.more() {
		k, _ := sc.member()
		if !utf8.Valid(k) {
			return nil, false
		}
		keys = append(keys, unquote(k))
	}
	return keys, true
}

// unquote returns the JSON string literal q as a Go string.
func unquote(q []byte) string {
	var s string
	if err := json.Unmarshal(q, &s); err != nil {
		return string(q)
	}
	return s
}
