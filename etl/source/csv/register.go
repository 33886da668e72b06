package csvsource

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// The kind of this package, as pipeline files name it.
func init() {
	source.Register("csv", factory)
}

// settings are the settings of `source: {csv: {...}}`.
type settings struct {
	Path       string   `yaml:"path"`
	Delimiter  string   `yaml:"delimiter"`
	Encoding   string   `yaml:"encoding"`
	NullValues []string `yaml:"null_values"`
}

func factory(ctx context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("csv", &s); err != nil {
		return nil, nil, err
	}
	opts := CSVOptions{Encoding: s.Encoding, NullValues: s.NullValues}
	if d := []rune(s.Delimiter); len(d) == 1 {
		opts.Delimiter = d[0]
	} else if len(d) > 1 {
		return nil, nil, fmt.Errorf("csv delimiter %q must be one character", s.Delimiter)
	}
	src, err := source.Files(ctx, p, s.Path, func(path string) (etl.Source, error) { return NewCSV(path, opts) })
	return src, func() {}, err
}
