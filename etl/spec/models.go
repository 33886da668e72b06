package spec

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/warehouse-loader/loader/models"
)

var (
	modelsMu sync.RWMutex
	registry = map[string]any{
		"sales_data":             &models.SalesData{},
		"transformed_sales_data": &models.TransformedSale{},
	}
)

// RegisterModel makes a GORM model available as a pipeline target under
// name. It panics if the name is taken.
func RegisterModel(name string, model any) {
	modelsMu.Lock()
	defer modelsMu.Unlock()
	if _, dup := registry[name]; dup {
		panic(fmt.Sprintf("spec: model %q registered twice", name))
	}
	registry[name] = model
}

func lookupModel(name string) (any, error) {
	modelsMu.RLock()
	defer modelsMu.RUnlock()
	if m, ok := registry[name]; ok {
		return m, nil
	}
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("target model %q is not registered; registered: %s", name, strings.Join(names, ", "))
}
