package sqlsource

import (
	"context"
	"errors"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

func init() { source.Register("sql", factory) }

// settings are the settings of `source: {sql: {...}}`.
type settings struct {
	// Database is a URL; empty reads the warehouse itself.
	Database string `yaml:"database"`
	Table    string `yaml:"table"`
	Query    string `yaml:"query"`
	Key      string `yaml:"key"`
	PageSize int    `yaml:"page_size"`
}

// factory builds a sql source on the database p.Databases opens.
func factory(ctx context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("sql", &s); err != nil {
		return nil, nil, err
	}
	if p.Databases == nil {
		return nil, nil, errors.New("sql source: no database to read (source.Params.Databases is not set)")
	}
	db, closeFn, err := p.Databases(ctx, s.Database)
	if err != nil {
		return nil, nil, fmt.Errorf("sql source database: %w", err)
	}
	src, err := New(ctx, db, source.ReadQuery{Table: s.Table, SQL: s.Query, Key: s.Key, Limit: s.PageSize})
	if err != nil {
		closeFn()
		return nil, nil, err
	}
	return src, closeFn, nil
}
