package report

import (
	"bytes"
	"encoding/json"

	"github.com/warehouse-loader/loader/models"
)

// Reject is a rejected record as `loader rejects`, `run --dry-run`, the
// API (/api/runs/{id}/rejects) and the dashboard show it: the record's
// fields in source order.
type Reject struct {
	// ID is the reject's row id (0 for a dry run's rejects, which are
	// never stored): the API pages with it (?after=ID).
	ID       int64           `json:"id,omitempty"`
	Position string          `json:"position"`
	Reason   string          `json:"reason"`
	Record   json.RawMessage `json:"record"`
	fields   []Field
}

// Field is one field of a rejected record, its value as JSON.
type Field struct {
	Name  string
	Value json.RawMessage
}

// NewReject parses the stored record: a JSON object (its fields in source
// order); anything else is shown as one field named "record".
func NewReject(position, reason, record string) Reject {
	r := Reject{Position: position, Reason: reason}
	var compact bytes.Buffer
	if json.Compact(&compact, []byte(record)) != nil { // not JSON: show it as a string
		compact.Reset()
		quoted, err := json.Marshal(record)
		if err != nil {
			quoted = []byte("null")
		}
		compact.Write(quoted)
	}
	r.Record = compact.Bytes()
	var ok bool
	if r.fields, ok = objectFields(r.Record); !ok {
		r.fields = []Field{{Name: "record", Value: r.Record}}
	}
	return r
}

// Fields returns the record's fields in source order.
func (r Reject) Fields() []Field { return r.fields }

// objectFields returns the members of the JSON object raw, in order, and
// false when raw is not an object.
func objectFields(raw []byte) ([]Field, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []Field
	for dec.More() {
		tok, err := dec.Token()
		name, isKey := tok.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		out = append(out, Field{Name: name, Value: v})
	}
	return out, true
}

// Text is the field's value as a cell shows it: a string as it is, null
// as "" and false, anything else as its JSON text.
func (f Field) Text() (string, bool) {
	var s string
	switch {
	case string(f.Value) == "null":
		return "", false
	case json.Unmarshal(f.Value, &s) == nil:
		return s, true
	}
	return string(f.Value), true
}

// RejectOf is a stored reject as shown.
func RejectOf(r models.LoadReject) Reject {
	out := NewReject(r.Position, r.Reason, r.Record)
	out.ID = r.ID
	return out
}

// RejectsOf shows stored rejects, in their order.
func RejectsOf(rs []models.LoadReject) []Reject {
	out := make([]Reject, len(rs))
	for i, r := range rs {
		out[i] = RejectOf(r)
	}
	return out
}
