// Package models declares the schema of every table the loader touches as
// GORM structs: the raw landing table, the typed warehouse table and the
// loader's own bookkeeping. Schema only: no queries, no behaviour. Every
// change here goes with a migration in migrations/, and
// `loader migrate check` proves the two agree.
package models

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
)

// registered holds the models added with Register, by type name.
var registered = struct {
	sync.Mutex
	byName map[string]any
}{byName: map[string]any{}}

// Register adds a model to All. A model file calls it from its init
// function (loader scaffold writes it so), which is all a new table needs
// to become a pipeline target and be covered by the drift check and
// `loader migrate check`. It panics when m is not a pointer to a struct or
// when a model of the same type name is in All already: registration
// happens at start-up, where a clash is a programming error.
func Register(m any) {
	t := reflect.TypeOf(m)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("models: Register(%T): want a pointer to a struct, like &MyTable{}", m))
	}
	name := t.Elem().Name()
	registered.Lock()
	defer registered.Unlock()
	_, dup := registered.byName[name]
	for _, b := range builtins() {
		dup = dup || reflect.TypeOf(b).Elem().Name() == name
	}
	if dup {
		panic(fmt.Sprintf("models: model %s is registered twice", name))
	}
	registered.byName[name] = m
}

// All returns one zero value of every model: the built-in ones in
// dependency order, then those added with Register, ordered by type name.
// The drift check compares exactly these against the migrated database.
func All() []any {
	all := builtins()
	registered.Lock()
	defer registered.Unlock()
	for _, n := range slices.Sorted(maps.Keys(registered.byName)) {
		all = append(all, reflect.New(reflect.TypeOf(registered.byName[n]).Elem()).Interface())
	}
	return all
}

// builtins returns the models the loader ships, in dependency order.
func builtins() []any {
	return []any{
		&SalesData{},
		&TransformedSale{},
		&LoadRun{},
		&LoadReject{},
		&LoadState{},
		&LoadLease{},
		&LoadUnit{},
	}
}
