package repository

import (
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/models"
)

// Targets are the tables of a set of models that pipelines may write (it
// implements spec.Targets). The loader's own bookkeeping tables
// (models.Bookkeeping) are refused.
type Targets struct {
	store  *Store
	models []any
}

// NewTargets returns the tables of ms, described by s (usually
// NewTargets(s, models.All()...)).
func NewTargets(s *Store, ms ...any) *Targets { return &Targets{store: s, models: ms} }

// Target returns the table of the model whose table is name.
func (ts *Targets) Target(name string) (Table, error) {
	var names []string
	for _, m := range ts.models {
		table, err := ts.store.TableOf(m)
		if err != nil {
			return Table{}, err
		}
		if _, own := m.(models.Bookkeeping); own {
			if table.Name == name {
				return Table{}, fmt.Errorf("target %q is one of the loader's own bookkeeping tables; pipelines cannot write it", name)
			}
			continue
		}
		if table.Name == name {
			return table, nil
		}
		names = append(names, table.Name)
	}
	return Table{}, fmt.Errorf("target model %q is not registered; registered: %s", name, strings.Join(names, ", "))
}
