package scaffold

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/infer"
	"github.com/warehouse-loader/loader/etl/source"
)

// formatJSON is the JSON format and source kind; formatParquet the
// Parquet one, whose columns come from the file's schema.
const (
	formatJSON    = "json"
	formatParquet = "parquet"
)

// formats are the values of Options.Format: the file formats a file
// source reads, with the source kind and settings that read them.
var formats = map[string]struct {
	kind     string
	settings []string // key, value pairs beside path
}{
	"csv":         {kind: "csv"},
	formatJSON:    {kind: formatJSON},
	"ndjson":      {kind: formatJSON, settings: []string{"format", "ndjson"}},
	formatParquet: {kind: formatParquet},
}

// formatOf returns the format named, or the one of the file's extension,
// or parquet for a file that starts with Parquet's magic whatever its
// extension.
func formatOf(format, path string) (string, error) {
	if format == "" {
		name := strings.ToLower(path)
		for _, c := range []string{".gz", ".zst"} { // the sources decompress these
			name = strings.TrimSuffix(name, c)
		}
		format = strings.TrimPrefix(filepath.Ext(name), ".")
		if format == "jsonl" {
			format = "ndjson"
		}
		if _, ok := formats[format]; !ok && isParquet(path) {
			format = formatParquet
		}
	}
	if _, ok := formats[format]; !ok {
		return "", fmt.Errorf("format %q of %s: use csv, json, ndjson or parquet (--format)", format, path)
	}
	return format, nil
}

// sourceNode returns `{kind: {path: path, ...}}` for the format, with
// `columns: [...]` when columns is not nil (JSON keys beyond the first
// object's).
func sourceNode(format, path string, columns []string) *yaml.Node {
	f := formats[format]
	settings := mapping(false, append([]string{"path", path}, f.settings...)...)
	if columns != nil {
		items := make([]*yaml.Node, len(columns))
		for i, c := range columns {
			items[i] = scalar(c)
		}
		settings.Content = append(settings.Content, scalar("columns"), flowSeq(items))
	}
	return mappingNode(false, []*yaml.Node{scalar(f.kind), settings})
}

// Sample is what the first records of a file show.
type Sample struct {
	Columns []infer.Column
	// Records is the number of records read; Rejected those the source
	// could not read (they are left out).
	Records, Rejected int
	// Keys, for a JSON file whose objects do not all have the first
	// one's keys, are every key seen, in order: the source's columns.
	Keys []string
	// Typed is set when the columns come from the file's own schema (a
	// Parquet file) and its source types the values: they need no cast.
	// Records and Rejected then count the rows read to check the keys.
	Typed bool
	// repeat is the first value of the --key columns that two records
	// share, nil when none does.
	repeat *keyRepeat
}

// keyRepeat is a key value two sampled records share.
type keyRepeat struct {
	values        []string
	first, second int // record numbers, from 1
}

// keyTracker finds the first key value that repeats.
type keyTracker struct {
	idx  []int          // the key columns' positions; nil: no key, or one that is not a column
	seen map[string]int // the key value (joined) -> its first record
}

// newKeyTracker returns a tracker of the key columns, given by source or
// column name, among the sources.
func newKeyTracker(keys, sources []string) *keyTracker {
	names := infer.Names(sources)
	kt := &keyTracker{seen: map[string]int{}}
	for _, k := range keys {
		i := slices.Index(sources, k)
		if i < 0 {
			i = slices.Index(names, k)
		}
		if i < 0 {
			return &keyTracker{} // fieldsOf says which key is not a column
		}
		kt.idx = append(kt.idx, i)
	}
	return kt
}

// add notes the key of record n; the first repeat is kept in out.
func (kt *keyTracker) add(values []*string, n int, out *Sample) {
	if len(kt.idx) == 0 || out.repeat != nil {
		return
	}
	key := make([]string, len(kt.idx))
	for j, i := range kt.idx {
		if values[i] == nil {
			return // a key with missing values: fieldsOf refuses it
		}
		key[j] = *values[i]
	}
	joined := strings.Join(key, "\x00")
	if first, ok := kt.seen[joined]; ok {
		out.repeat = &keyRepeat{values: key, first: first, second: n}
		return
	}
	kt.seen[joined] = n
}

// checkUnique refuses keys whose values repeat in the sample: an upsert
// on them would merge those records into one row.
func (s Sample) checkUnique(keys []string) error {
	r := s.repeat
	if r == nil {
		return nil
	}
	return fmt.Errorf("key %s repeats in the sample (value %s at records %d and %d): choose columns that identify each record, or leave out --key for a surrogate id",
		quoteAll(keys), quoteAll(r.values), r.first, r.second)
}

// quoteAll returns the texts quoted, separated by commas.
func quoteAll(texts []string) string {
	q := make([]string, len(texts))
	for i, t := range texts {
		q[i] = strconv.Quote(t)
	}
	return strings.Join(q, ", ")
}

// sample reads up to n records of the file at path with the project's
// own source for the format (so headers, quoting, a BOM and nested JSON
// values are read as a run reads them) and infers its columns. When
// JSON objects have keys the first one lacks, it reads the sample again
// with every key as a column.
func sample(ctx context.Context, format, path string, n int, keys []string) (Sample, error) {
	if format == formatParquet {
		return sampleParquet(ctx, path, n, keys)
	}
	s, extra, err := sampleWith(ctx, format, path, n, nil, keys)
	if err != nil || len(extra) == 0 {
		s.Keys = nil
		return s, err
	}
	all := append(slices.Clip(s.Keys), extra...)
	s, _, err = sampleWith(ctx, format, path, n, all, keys)
	return s, err
}

// sampleWith reads the sample with these source columns (nil: the
// source's own) and returns the JSON keys of rejected objects that are
// not columns. It notes the first value of the keys that repeats.
func sampleWith(ctx context.Context, format, path string, n int, columns, keys []string) (Sample, []string, error) {
	src, closeFn, err := openSource(ctx, format, path, columns)
	if err != nil {
		return Sample{}, nil, err
	}
	defer closeFn()
	defer func() { _ = src.Close() }()
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		return Sample{}, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	s := infer.NewSampler(cols.Names())
	kt := newKeyTracker(keys, cols.Names())
	var out Sample
	var extra []string
	var rec etl.Record
	for out.Records < n {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.As(err, &rej) {
			out.Rejected++
			extra = newKeys(extra, cols, rec.Raw)
			continue
		}
		if err != nil {
			return Sample{}, nil, fmt.Errorf("reading %s: %w", path, err)
		}
		out.Records++
		values := texts(rec.Raw, make([]*string, cols.Len()))
		s.Add(values)
		kt.add(values, out.Records, &out)
	}
	if out.Records == 0 {
		return Sample{}, nil, fmt.Errorf("%s has no records to learn the columns from; scaffold from a file with data", path)
	}
	out.Columns, out.Keys = s.Columns(), slices.Clone(cols.Names())
	return out, extra, nil
}

// newKeys adds to extra the keys of the rejected JSON object raw holds
// that are neither columns nor in extra yet.
func newKeys(extra []string, cols etl.Columns, raw etl.Row) []string {
	if len(raw) != 1 {
		return extra
	}
	text, ok := raw[0].(string)
	if !ok {
		return extra
	}
	for _, k := range objectKeys(text) {
		if cols.Index(k) < 0 && !slices.Contains(extra, k) {
			extra = append(extra, k)
		}
	}
	return extra
}

// objectKeys returns the keys of the JSON object text, in order; none
// when it is not an object.
func objectKeys(text string) []string {
	dec := json.NewDecoder(strings.NewReader(text))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		k, ok := t.(string)
		if err != nil || !ok {
			return keys
		}
		keys = append(keys, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

// openSource opens the file with the source kind of its format.
func openSource(ctx context.Context, format, path string, columns []string) (etl.Source, func(), error) {
	node := sourceNode(format, path, columns)
	kind := node.Content[0].Value
	factory, ok := source.Lookup(kind)
	if !ok {
		return nil, nil, fmt.Errorf("no %s source in this loader (kinds: %v)", kind, source.Names())
	}
	src, closeFn, err := factory(ctx, source.Params{Settings: node.Content[1]})
	if err != nil {
		return nil, nil, err
	}
	return src, closeFn, nil
}

// texts returns the record's values as text, nil for NULL; JSON's true
// and false as those words.
func texts(raw etl.Row, out []*string) []*string {
	for i := range out {
		out[i] = nil
		if i >= len(raw) || raw[i] == nil {
			continue
		}
		var s string
		switch v := raw[i].(type) {
		case string:
			s = v
		case bool:
			s = strconv.FormatBool(v)
		default:
			s = fmt.Sprint(v)
		}
		out[i] = &s
	}
	return out
}
