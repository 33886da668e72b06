package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/repository"
)

// shownReject is a reject as `loader rejects` and `run --dry-run` show it:
// the record's fields in source order.
type shownReject struct {
	Position string          `json:"position"`
	Reason   string          `json:"reason"`
	Record   json.RawMessage `json:"record"`
	fields   []recordField
}

// recordField is one field of a rejected record, its value as JSON.
type recordField struct {
	name  string
	value json.RawMessage
}

// newShownReject parses the stored record: a JSON object (its fields in
// source order); anything else is shown as one field named "record".
func newShownReject(position, reason, record string) shownReject {
	r := shownReject{Position: position, Reason: reason}
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
		r.fields = []recordField{{name: "record", value: r.Record}}
	}
	return r
}

// objectFields returns the members of the JSON object raw, in order, and
// false when raw is not an object.
func objectFields(raw []byte) ([]recordField, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []recordField
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
		out = append(out, recordField{name: name, value: v})
	}
	return out, true
}

// text is the field's value as a cell shows it: a string as it is, null
// as "", anything else as its JSON text.
func (f recordField) text() (string, bool) {
	var s string
	switch {
	case string(f.value) == "null":
		return "", false
	case json.Unmarshal(f.value, &s) == nil:
		return s, true
	}
	return string(f.value), true
}

// Cell widths in a table: longer values are cut with "…".
const (
	tableValueWidth  = 40
	tableReasonWidth = 100
)

// cut shortens s to width runes, ending it with "…", and makes it one line
// without tabs, so that the table keeps its shape.
func cut(s string, width int) string {
	s = strings.NewReplacer("\t", `\t`, "\r", `\r`, "\n", `\n`).Replace(s)
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return string([]rune(s)[:width-1]) + "…"
}

// recordCell renders the fields as name=value, in order, for a table.
func recordCell(fields []recordField) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		v, ok := f.text()
		if !ok {
			v = "NULL"
		}
		parts[i] = f.name + "=" + cut(v, tableValueWidth)
	}
	return strings.Join(parts, ", ")
}

// writeRejects writes the rejects as a table, a JSON array or CSV.
func (a *app) writeRejects(format string, rejects []shownReject) error {
	switch format {
	case formatJSON:
		if rejects == nil {
			rejects = []shownReject{}
		}
		return a.printJSON(rejects)
	case formatCSV:
		return writeRejectsCSV(a.stdout, rejects)
	}
	t := newTable(a.stdout, "POSITION", "REASON", "RECORD")
	for _, r := range rejects {
		t.row(cut(r.Position, tableReasonWidth), cut(r.Reason, tableReasonWidth), recordCell(r.fields))
	}
	return t.flush()
}

// writeRejectsCSV writes a header (position, reason, then every field
// name, in the order first seen) and a row per reject; a field a record
// lacks is empty, as is a null.
func writeRejectsCSV(out io.Writer, rejects []shownReject) error {
	header := []string{"position", "reason"}
	col := map[string]int{}
	for _, r := range rejects {
		for _, f := range r.fields {
			if _, seen := col[f.name]; !seen {
				col[f.name] = len(header)
				header = append(header, f.name)
			}
		}
	}
	w := csv.NewWriter(out)
	_ = w.Write(header)
	for _, r := range rejects {
		row := make([]string, len(header))
		row[0], row[1] = r.Position, r.Reason
		for _, f := range r.fields {
			row[col[f.name]], _ = f.text()
		}
		_ = w.Write(row)
	}
	w.Flush()
	return w.Error()
}

// moreRejects says how many rejects were not shown and how to see them:
// on stdout under a table, on stderr for json and csv, which stay data.
func (a *app) moreRejects(format string, more int64, how string) {
	if more <= 0 {
		return
	}
	out := a.stdout
	if format != formatTable {
		out = a.stderr
	}
	noun := "rejects"
	if more == 1 {
		noun = "reject"
	}
	fmt.Fprintf(out, "… %d more %s: %s\n", more, noun, how)
}

// rejects prints up to limit (0: all) rejects of run id.
func (a *app) rejects(ctx context.Context, store *repository.Store, id int64, format string, limit int) error {
	if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
		return err
	}
	if limit < 0 {
		return usagef("--limit %d: give a number of rejects, or 0 for all", limit)
	}
	total, err := store.RejectCount(ctx, id)
	if err != nil {
		return err
	}
	rows := limit
	if limit == 0 {
		rows = -1 // no limit
	}
	rejects, err := store.Rejects(ctx, id, rows)
	if err != nil {
		return err
	}
	return a.printRejects(format, rejects, total, id)
}

// showDryRejects shows the first rejects of a dry run and how many more
// it found (a dry run stores none).
func (a *app) showDryRejects(res etl.Result) error {
	shown := make([]shownReject, len(res.Rejects))
	for i, r := range res.Rejects {
		shown[i] = newShownReject(r.Position, r.Reason, r.Record)
	}
	if err := a.writeRejects(formatTable, shown); err != nil {
		return err
	}
	a.moreRejects(formatTable, res.Rejected-int64(len(res.Rejects)), "a dry run stores none; a run stores them all for `loader rejects`")
	return nil
}
