package spec

import (
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// target returns the table of the model in models.All whose table is name;
// the loader's own bookkeeping tables (models.Bookkeeping) are no target.
func target(store *repository.Store, name string) (repository.Table, error) {
	var names []string
	for _, m := range models.All() {
		table, err := store.TableOf(m)
		if err != nil {
			return repository.Table{}, err
		}
		if _, own := m.(models.Bookkeeping); own {
			if table.Name == name {
				return repository.Table{}, fmt.Errorf("target %q is one of the loader's own bookkeeping tables; pipelines cannot write it", name)
			}
			continue
		}
		if table.Name == name {
			return table, nil
		}
		names = append(names, table.Name)
	}
	return repository.Table{}, fmt.Errorf("target model %q is not registered; registered: %s", name, strings.Join(names, ", "))
}
