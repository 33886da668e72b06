package source

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
)

// The kinds of this package, as pipeline files name them.
func init() {
	Register("csv", csvFactory)
	Register("json", jsonFactory)
}

func noClose() {}

// csvSettings are the settings of `source: {csv: {...}}`.
type csvSettings struct {
	Path       string   `yaml:"path"`
	Delimiter  string   `yaml:"delimiter"`
	Encoding   string   `yaml:"encoding"`
	NullValues []string `yaml:"null_values"`
}

func csvFactory(_ context.Context, p Params) (etl.Source, func(), error) {
	var s csvSettings
	if err := p.Decode("csv", &s); err != nil {
		return nil, nil, err
	}
	opts := CSVOptions{Encoding: s.Encoding, NullValues: s.NullValues}
	if d := []rune(s.Delimiter); len(d) == 1 {
		opts.Delimiter = d[0]
	} else if len(d) > 1 {
		return nil, nil, fmt.Errorf("csv delimiter %q must be one character", s.Delimiter)
	}
	src, err := NewCSV(p.Path(s.Path), opts)
	return src, noClose, err
}

// jsonSettings are the settings of `source: {json: {...}}`.
type jsonSettings struct {
	Path    string   `yaml:"path"`
	Format  string   `yaml:"format"`
	Columns []string `yaml:"columns"`
}

func jsonFactory(_ context.Context, p Params) (etl.Source, func(), error) {
	var s jsonSettings
	if err := p.Decode("json", &s); err != nil {
		return nil, nil, err
	}
	src, err := NewJSON(p.Path(s.Path), JSONOptions{Format: s.Format, Columns: s.Columns})
	return src, noClose, err
}
