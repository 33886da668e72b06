package mongodbsource

import (
	"context"
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

func init() { source.Register("mongodb", factory) }

// settings are the settings of `source: {mongodb: {...}}`. Filter and
// projection are mappings (extended JSON's $-keys where needed) or JSON
// text.
type settings struct {
	URI        string        `yaml:"uri"`
	Database   string        `yaml:"database"`
	Collection string        `yaml:"collection"`
	Filter     any           `yaml:"filter"`
	Projection any           `yaml:"projection"`
	Key        string        `yaml:"key"`
	PageSize   int           `yaml:"page_size"`
	Columns    []string      `yaml:"columns"`
	Rest       string        `yaml:"rest"`
	Timeout    time.Duration `yaml:"timeout"`
}

// factory builds a mongodb source from its settings.
func factory(_ context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("mongodb", &s); err != nil {
		return nil, nil, err
	}
	filter, err := settingJSON("filter", s.Filter)
	if err != nil {
		return nil, nil, fmt.Errorf("mongodb source: %w", err)
	}
	projection, err := settingJSON("projection", s.Projection)
	if err != nil {
		return nil, nil, fmt.Errorf("mongodb source: %w", err)
	}
	src, err := New(Config{URI: s.URI, Database: s.Database, Collection: s.Collection, Filter: filter,
		Projection: projection, Key: s.Key, PageSize: s.PageSize, Columns: s.Columns, Rest: s.Rest,
		Timeout: s.Timeout, Secrets: p.Secrets}, p.Log)
	if err != nil {
		return nil, nil, err
	}
	return src, func() {}, nil
}
