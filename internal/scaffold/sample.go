package scaffold

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/infer"
	"github.com/warehouse-loader/loader/etl/source"
)

// formatJSON is the JSON format and source kind.
const formatJSON = "json"

// formats are the values of Options.Format: the file formats a file
// source reads, with the source kind and settings that read them.
var formats = map[string]struct {
	kind     string
	settings []string // key, value pairs beside path
}{
	"csv":      {kind: "csv"},
	formatJSON: {kind: formatJSON},
	"ndjson":   {kind: formatJSON, settings: []string{"format", "ndjson"}},
}

// formatOf returns the format named, or the one of the file's extension.
func formatOf(format, path string) (string, error) {
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
		if format == "jsonl" {
			format = "ndjson"
		}
	}
	if _, ok := formats[format]; !ok {
		return "", fmt.Errorf("format %q of %s: use csv, json or ndjson (--format)", format, path)
	}
	return format, nil
}

// sourceNode returns `{kind: {path: path, ...}}` for the format.
func sourceNode(format, path string) *yaml.Node {
	f := formats[format]
	settings := mapping(false, append([]string{"path", path}, f.settings...)...)
	return mappingNode(false, []*yaml.Node{scalar(f.kind), settings})
}

// Sample is what the first records of a file show.
type Sample struct {
	Columns []infer.Column
	// Records is the number of records read; Rejected those the source
	// could not read (they are left out).
	Records, Rejected int
}

// sample reads up to n records of the file at path with the project's
// own source for the format (so headers, quoting, a BOM and nested JSON
// values are read as a run reads them) and infers its columns.
func sample(ctx context.Context, format, path string, n int) (Sample, error) {
	src, closeFn, err := openSource(ctx, format, path)
	if err != nil {
		return Sample{}, err
	}
	defer closeFn()
	defer func() { _ = src.Close() }()
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		return Sample{}, fmt.Errorf("reading %s: %w", path, err)
	}
	s := infer.NewSampler(cols.Names())
	var out Sample
	var rec etl.Record
	for out.Records < n {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.As(err, &rej) {
			out.Rejected++
			continue
		}
		if err != nil {
			return Sample{}, fmt.Errorf("reading %s: %w", path, err)
		}
		out.Records++
		s.Add(texts(rec.Raw, make([]*string, cols.Len())))
	}
	if out.Records == 0 {
		return Sample{}, fmt.Errorf("%s has no records to learn the columns from; scaffold from a file with data", path)
	}
	out.Columns = s.Columns()
	return out, nil
}

// openSource opens the file with the source kind of its format.
func openSource(ctx context.Context, format, path string) (etl.Source, func(), error) {
	node := sourceNode(format, path)
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
