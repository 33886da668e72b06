package etl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// rejectJSON is the record as a reject stores it: its JSON text when the
// source read JSON, else its raw values as a JSON object in source order.
func (r *Record) rejectJSON(names []string) string {
	if len(r.JSON) > 0 {
		var b bytes.Buffer
		if json.Compact(&b, r.JSON) == nil {
			return b.String()
		}
		return string(r.JSON)
	}
	return recordJSON(names, r.Raw)
}

// recordJSON renders values as a JSON object keyed by names (column_N
// past the last name), in the order of values, so that a reject shows its
// fields as the source had them.
func recordJSON(names []string, values []any) string {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, v := range values {
		name := fmt.Sprintf("column_%d", i+1)
		if i < len(names) {
			name = names[i]
		}
		if i > 0 {
			b.WriteByte(',')
		}
		if d, ok := v.(decimal.Decimal); ok {
			v = d.String() // exact, not a JSON number
		}
		if err := errors.Join(appendJSON(&b, name), b.WriteByte(':'), appendJSON(&b, v)); err != nil {
			return fmt.Sprintf("%q", fmt.Sprint(values))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// appendJSON writes v's JSON text to b, leaving <, > and & as they are.
func appendJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}
