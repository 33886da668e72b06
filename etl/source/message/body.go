package message

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
)

// Formats of a body: how it is decoded.
const (
	FormatJSON   = "json"   // one JSON object per message
	FormatNDJSON = "ndjson" // one JSON object per non-blank line
	FormatCSV    = "csv"    // CSV lines without a header, fields as the columns
)

// CheckFormat validates format ("" is FormatJSON) and the columns a body
// is read as: CSV needs them, and none may be one of meta (the message's
// own columns). It returns the format to use.
func CheckFormat(format string, columns, meta []string) (string, error) {
	switch format {
	case "":
		format = FormatJSON
	case FormatJSON, FormatNDJSON, FormatCSV:
	default:
		return "", fmt.Errorf("format: unknown format %q; want json, ndjson or csv", format)
	}
	if format == FormatCSV && len(columns) == 0 {
		return "", errors.New("columns: is required with format: csv (the fields of each line, in order)")
	}
	for _, c := range columns {
		for _, m := range meta {
			if c == m {
				return "", fmt.Errorf("columns: %s is a message property, always available; leave it out of the list", c)
			}
		}
	}
	return format, nil
}

// Body is a message body split into its records: JSON texts or CSV
// records, or why it has none (then the whole message is one reject).
type Body struct {
	Raw    []byte
	Parts  [][]byte   // JSON texts
	Fields [][]string // CSV records
	Bad    string     // why the body cannot be decoded
	I      int        // records returned
}

// Split splits body as format says; width is the CSV fields per line.
func Split(format string, width int, body []byte) *Body {
	b := &Body{Raw: body}
	if format != FormatCSV {
		b.Parts, b.Bad = SplitJSON(format, body)
		return b
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = width
	recs, err := r.ReadAll()
	switch {
	case err != nil:
		b.Bad = fmt.Sprintf("CSV body: %v", err)
	case len(recs) == 0:
		b.Bad = "empty message body"
	}
	b.Fields = recs
	return b
}

// SplitJSON returns the JSON texts of a body: the body (json), or its
// non-blank lines (ndjson); or why there are none.
func SplitJSON(format string, body []byte) ([][]byte, string) {
	if format != FormatNDJSON {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, "empty message body"
		}
		return [][]byte{body}, ""
	}
	var parts [][]byte
	for line := range bytes.Lines(body) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			parts = append(parts, line)
		}
	}
	if len(parts) == 0 {
		return nil, "empty message body"
	}
	return parts, ""
}

// FirstKeys returns the keys of the body's first JSON object, if it is
// one.
func FirstKeys(format string, body []byte) ([]string, bool) {
	parts, _ := SplitJSON(format, body)
	if len(parts) == 0 {
		return nil, false
	}
	return jsonsource.ObjectKeys(parts[0])
}

// Done reports whether every record of the body was returned.
func (b *Body) Done() bool {
	if b.Bad != "" {
		return b.I > 0
	}
	return b.I >= len(b.Parts)+len(b.Fields)
}

// Fill sets rec.Raw to the body's next record (the body's columns only)
// through obj. A record that cannot be decoded is a *etl.RejectError
// naming the message as name (`"id"`, `partition 0 offset 12`), with
// rec.Raw holding the body's text and rec.JSON the reject's record: the
// object key, then "_body".
func (b *Body) Fill(rec *etl.Record, obj *jsonsource.Objects, name string, key any) error {
	i := b.I
	b.I++
	switch {
	case b.Bad != "":
		return b.Reject(rec, key, "record %d: message %s: %s", rec.N, name, b.Bad)
	case b.Fields != nil:
		rec.JSON = nil
		rec.Raw = rec.Raw[:0]
		for _, f := range b.Fields[i] {
			rec.Raw = append(rec.Raw, f)
		}
	case !json.Valid(b.Parts[i]):
		return b.Reject(rec, key, "record %d: not valid JSON (message %s)", rec.N, name)
	default:
		if err := obj.Fill(rec, b.Parts[i]); err != nil {
			return b.Reject(rec, key, "%s (message %s)", err.Error(), name)
		}
	}
	return nil
}

// Reject keeps the body's text in rec.Raw and, as the reject's record,
// the JSON object key (a struct naming the message; nil: none) with
// "_body" added, and returns the reason.
func (b *Body) Reject(rec *etl.Record, key any, format string, a ...any) error {
	text := strings.ToValidUTF8(string(b.Raw), "\uFFFD")
	rec.Raw = append(rec.Raw[:0], text)
	rec.JSON = rejectRecord(key, text)
	return etl.Rejectf(format, a...)
}

// rejectRecord returns key's JSON object with "_body": text last.
func rejectRecord(key any, text string) []byte {
	head := []byte("{}")
	if key != nil {
		if b, err := json.Marshal(key); err == nil && len(b) >= 2 && b[0] == '{' {
			head = b
		}
	}
	body, err := json.Marshal(text)
	if err != nil {
		return nil // strings always marshal; the reject then stores rec.Raw
	}
	out := append([]byte(nil), head[:len(head)-1]...)
	if len(head) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"_body":`...)
	out = append(out, body...)
	return append(out, '}')
}
