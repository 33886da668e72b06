package csvsource

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/etl"
)

// fill sets rec.Raw from the fields of one row, or rejects the row.
func (s *CSV) fill(rec *etl.Record, fields []string) error {
	rec.Raw = rec.Raw[:0]
	if len(fields) != s.Columns().Len() {
		s.fillText(rec, fields)
		return etl.Rejectf("line %d: %d fields, header has %d", rec.Line, len(fields), s.Columns().Len())
	}
	for i, f := range fields {
		if !s.valid(f) {
			s.fillText(rec, fields)
			return etl.Rejectf("line %d: column %s is not valid UTF-8", rec.Line, s.Columns().Names()[i])
		}
		if f = s.text(f); s.isNull(f) {
			rec.Raw = append(rec.Raw, nil)
		} else {
			rec.Raw = append(rec.Raw, f)
		}
	}
	return nil
}

// fillText sets rec.Raw to the fields as strings, for a rejected row.
// Invalid UTF-8 is replaced so the reject can be stored.
func (s *CSV) fillText(rec *etl.Record, fields []string) {
	rec.Raw = rec.Raw[:0]
	for _, f := range fields {
		rec.Raw = append(rec.Raw, strings.ToValidUTF8(s.text(f), "\uFFFD"))
	}
}

// valid reports whether f can be decoded: always for single-byte
// encodings, when it is valid UTF-8 otherwise.
func (s *CSV) valid(f string) bool { return s.cm != nil || utf8.ValidString(f) }

// text returns f in UTF-8.
func (s *CSV) text(f string) string {
	if s.cm == nil {
		return f
	}
	return decodeString(s.cm, f)
}

// isNull reports whether f is one of the NULL texts.
func (s *CSV) isNull(f string) bool {
	return slices.Contains(s.nulls, f)
}
