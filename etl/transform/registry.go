package transform

import (
	"fmt"
	"slices"
	"sync"

	"github.com/warehouse-loader/loader/etl"
	"go.yaml.in/yaml/v3"
)

// Factory builds a step from its settings in a pipeline spec: node is the
// mapping under the step's name (nil or a null node when there are none).
// A factory decodes the node strictly, so a misspelt key is an error that
// names the key and its line.
type Factory func(node *yaml.Node) (etl.Step, error)

var registry = struct {
	sync.RWMutex
	byName map[string]Factory
}{byName: map[string]Factory{}}

// Register makes a step available to pipeline specs under name. It panics
// if name is empty, f is nil or name is already registered: registration
// happens at start-up, where a clash is a programming error.
func Register(name string, f Factory) {
	if name == "" || f == nil {
		panic("transform: Register needs a name and a factory")
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.byName[name]; dup {
		panic(fmt.Sprintf("transform: step %q is already registered", name))
	}
	registry.byName[name] = f
}

// Lookup returns the factory registered under name.
func Lookup(name string) (Factory, bool) {
	registry.RLock()
	defer registry.RUnlock()
	f, ok := registry.byName[name]
	return f, ok
}

// Names returns the registered step names, sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.byName))
	for n := range registry.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
