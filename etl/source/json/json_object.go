package jsonsource

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/etl"
)

// fill sets rec.Raw to the object's values by column, or rejects it.
func (s *JSON) fill(rec *etl.Record, raw []byte) error {
	rec.JSON = raw // what a reject of the record stores, as the file has it
	sc := objScanner{b: raw}
	if !sc.open() {
		return s.reject(rec, raw, "record %d: not a JSON object", rec.N)
	}
	if !utf8.Valid(raw) {
		return s.reject(rec, raw, "record %d: not valid UTF-8", rec.N)
	}
	rec.Raw = rec.Raw[:0]
	for range s.Columns().Len() {
		rec.Raw = append(rec.Raw, nil)
	}
	s.gen++
	for sc.more() {
		k, v := sc.member()
		i, ok := s.column(k)
		if !ok {
			return s.reject(rec, raw, "record %d: unexpected field %q", rec.N, unquote(k))
		}
		if s.seen[i] == s.gen {
			return s.reject(rec, raw, "record %d: field %q appears twice", rec.N, unquote(k))
		}
		s.seen[i] = s.gen
		rec.Raw[i] = s.value(v)
	}
	return nil
}

// reject sets rec.Raw to the element's text, and rec.JSON to it with
// invalid UTF-8 replaced, and returns a RejectError.
func (s *JSON) reject(rec *etl.Record, raw []byte, format string, a ...any) error {
	text := strings.ToValidUTF8(string(raw), "\uFFFD")
	rec.Raw = append(rec.Raw[:0], text)
	rec.JSON = []byte(text)
	return etl.Rejectf(format, a...)
}

// column returns the position of the quoted key k.
func (s *JSON) column(k []byte) (int, bool) {
	if len(k) >= 2 && bytes.IndexByte(k, '\\') < 0 {
		i, ok := s.index[string(k[1:len(k)-1])]
		return i, ok
	}
	i, ok := s.index[unquote(k)]
	return i, ok
}

// value converts one JSON value: string → string, number → its literal
// text, true/false → bool, null → nil, object/array → compact JSON text.
func (s *JSON) value(v []byte) any {
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
func (s *JSON) compact(v []byte) string {
	if !bytes.ContainsAny(v, " \t\r\n") {
		return string(v)
	}
	s.buf.Reset()
	if err := json.Compact(&s.buf, v); err != nil {
		return string(v)
	}
	return s.buf.String()
}

// objectKeys returns the keys of the JSON object raw, in order, and false
// if raw is not an object or a key is not valid UTF-8.
func objectKeys(raw []byte) ([]string, bool) {
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
