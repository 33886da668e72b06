package source

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/repository"
)

// The kinds of this package, as pipeline files name them.
func init() {
	Register("sql", sqlFactory)
}

func noClose() {}

// sqlSettings are the settings of `source: {sql: {...}}`.
type sqlSettings struct {
	// Database is a URL; empty reads the warehouse itself.
	Database string `yaml:"database"`
	Table    string `yaml:"table"`
	Query    string `yaml:"query"`
	Key      string `yaml:"key"`
	PageSize int    `yaml:"page_size"`
}

func sqlFactory(ctx context.Context, p Params) (etl.Source, func(), error) {
	var s sqlSettings
	if err := p.Decode("sql", &s); err != nil {
		return nil, nil, err
	}
	store, closeFn := p.Store, noClose
	if s.Database != "" {
		other, err := p.Open(ctx, s.Database)
		if err != nil {
			return nil, nil, fmt.Errorf("sql source database: %w", err)
		}
		store, closeFn = other, func() { _ = other.Close() }
	}
	src, err := NewSQL(ctx, store, repository.ReadQuery{Table: s.Table, SQL: s.Query, Key: s.Key, Limit: s.PageSize})
	if err != nil {
		closeFn()
		return nil, nil, err
	}
	return src, closeFn, nil
}
