package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
)

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
func recordCell(fields []report.Field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		v, ok := f.Text()
		if !ok {
			v = "NULL"
		}
		parts[i] = f.Name + "=" + cut(v, tableValueWidth)
	}
	return strings.Join(parts, ", ")
}

// writeRejects writes the rejects as a table, a JSON array or CSV.
func (a *app) writeRejects(format string, rejects []report.Reject) error {
	switch format {
	case formatJSON:
		if rejects == nil {
			rejects = []report.Reject{}
		}
		return a.printJSON(rejects)
	case formatCSV:
		return writeRejectsCSV(a.stdout, rejects)
	}
	t := newTable(a.stdout, "POSITION", "REASON", "RECORD")
	for _, r := range rejects {
		t.row(cut(r.Position, tableReasonWidth), cut(r.Reason, tableReasonWidth), recordCell(r.Fields()))
	}
	return t.flush()
}

// writeRejectsCSV writes a header (position, reason, then every field
// name, in the order first seen) and a row per reject; a field a record
// lacks is empty, as is a null.
func writeRejectsCSV(out io.Writer, rejects []report.Reject) error {
	header := []string{"position", "reason"}
	col := map[string]int{}
	for _, r := range rejects {
		for _, f := range r.Fields() {
			if _, seen := col[f.Name]; !seen {
				col[f.Name] = len(header)
				header = append(header, f.Name)
			}
		}
	}
	w := csv.NewWriter(out)
	_ = w.Write(header)
	for _, r := range rejects {
		row := make([]string, len(header))
		row[0], row[1] = r.Position, r.Reason
		for _, f := range r.Fields() {
			row[col[f.Name]], _ = f.Text()
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

// rejects prints up to limit (0: all) rejects of run id whose reason
// contains reason (any when "").
func (a *app) rejects(ctx context.Context, store *repository.Store, id int64, format string, limit int, reason string) error {
	if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
		return err
	}
	if limit < 0 {
		return usagef("--limit %d: give a number of rejects, or 0 for all", limit)
	}
	f := repository.RejectFilter{RunID: id, Reason: reason, Limit: limit}
	total, err := store.CountRejects(ctx, f)
	if err != nil {
		return err
	}
	if limit == 0 {
		f.Limit = -1 // no limit
	}
	rejects, err := store.RejectsPage(ctx, f)
	if err != nil {
		return err
	}
	return a.printRejects(format, rejects, total, id)
}

// showDryRejects shows the first rejects of a dry run and how many more
// it found (a dry run stores none).
func (a *app) showDryRejects(res etl.Result) error {
	shown := make([]report.Reject, len(res.Rejects))
	for i, r := range res.Rejects {
		shown[i] = report.NewReject(r.Position, r.Reason, r.Record)
	}
	if err := a.writeRejects(formatTable, shown); err != nil {
		return err
	}
	a.moreRejects(formatTable, res.Rejected-int64(len(res.Rejects)), "a dry run stores none; a run stores them all for `loader rejects`")
	return nil
}
