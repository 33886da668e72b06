package repository

import (
	"context"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/models"
)

// Targets are the tables pipelines may write (it implements spec.Targets):
// those of a set of models, and tables that no model describes, read from
// the database's catalogue (CatalogTable). The loader's own bookkeeping
// tables (models.Bookkeeping, the migrations' version table, staging
// tables) are refused.
type Targets struct {
	store  *Store
	models []any
}

// NewTargets returns the tables of ms, described by s (usually
// NewTargets(s, models.All()...)), and the other tables of s.
func NewTargets(s *Store, ms ...any) *Targets { return &Targets{store: s, models: ms} }

// Target returns the table of the model whose table is name or, when no
// model's is, the table name as the catalogue describes it.
func (ts *Targets) Target(ctx context.Context, name string) (Table, error) {
	var names []string
	for _, m := range ts.models {
		table, err := ts.store.TableOf(m)
		if err != nil {
			return Table{}, err
		}
		if _, own := m.(models.Bookkeeping); own {
			if table.Name == name {
				return Table{}, bookkeeping(name)
			}
			continue
		}
		if table.Name == name {
			return table, nil
		}
		names = append(names, table.Name)
	}
	if reservedTable(name) {
		return Table{}, bookkeeping(name)
	}
	table, found, err := ts.store.CatalogTable(ctx, name)
	if err != nil {
		return Table{}, fmt.Errorf("target %q: %w", name, err)
	}
	if !found {
		return Table{}, fmt.Errorf("target %q: no such table in the database, and no model describes it (models: %s); create it with a migration or fix the name (after loader scaffold or a new model, rebuild bin/loader: make migrate)", name, strings.Join(names, ", "))
	}
	return table, nil
}

// reservedTable reports whether name is a table of the loader's that no
// model describes: golang-migrate's version table, staging tables.
func reservedTable(name string) bool {
	return name == "schema_migrations" || strings.HasPrefix(name, "_loader_")
}

func bookkeeping(name string) error {
	return fmt.Errorf("target %q is one of the loader's own bookkeeping tables; pipelines cannot write it", name)
}
