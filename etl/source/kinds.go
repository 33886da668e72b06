package source

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/repository"
)

// The kinds of this package, as pipeline files name them.
func init() {
	Register("csv", csvFactory)
	Register("json", jsonFactory)
	Register("sql", sqlFactory)
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
