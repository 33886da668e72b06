package jsonsource

import (
	"context"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// The kind of this package, as pipeline files name it.
func init() {
	source.Register("json", factory)
}

// settings are the settings of `source: {json: {...}}`.
type settings struct {
	Path    string   `yaml:"path"`
	Format  string   `yaml:"format"`
	Columns []string `yaml:"columns"`
}

func factory(ctx context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("json", &s); err != nil {
		return nil, nil, err
	}
	src, err := source.Files(ctx, p, s.Path, func(path string) (etl.Source, error) {
		return NewJSON(path, JSONOptions{Format: s.Format, Columns: s.Columns})
	})
	return src, func() {}, err
}
