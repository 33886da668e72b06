package models

import (
	"reflect"
	"testing"
)

type registeredB struct{ ID int64 }

type registeredA struct{ ID int64 }

// TestRegister: registered models follow the built-in ones in All, ordered
// by type name whatever the order they registered in; each call returns
// fresh zero values.
func TestRegister(t *testing.T) {
	// Set aside the models this package registers itself (api_orders,
	// scaffolded tables), so the test sees only its own.
	registered.Lock()
	saved := registered.byName
	registered.byName = map[string]any{}
	registered.Unlock()
	t.Cleanup(func() {
		registered.Lock()
		registered.byName = saved
		registered.Unlock()
	})
	Register(&registeredB{})
	Register(&registeredA{})
	all := All()
	var names []string
	for _, m := range all {
		names = append(names, reflect.TypeOf(m).Elem().Name())
	}
	want := []string{"SalesData", "TransformedSale", "LoadRun", "LoadReject", "LoadState", "LoadLease", "LoadUnit", "registeredA", "registeredB"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("All() = %v, want %v", names, want)
	}
	all[7].(*registeredA).ID = 7
	if got := All()[7].(*registeredA).ID; got != 0 {
		t.Fatalf("All() shares values between calls: ID = %d", got)
	}
}

// TestRegisterRefuses: a second model of the same name, a built-in name
// and a non-pointer panic with a message saying what is wrong.
func TestRegisterRefuses(t *testing.T) {
	Register(&registeredA{})
	t.Cleanup(func() {
		registered.Lock()
		delete(registered.byName, "registeredA")
		registered.Unlock()
	})
	for name, m := range map[string]any{
		"twice":    &registeredA{},
		"built-in": &SalesData{},
		"value":    registeredB{},
		"nil":      nil,
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatalf("Register(%T) did not panic", m)
				}
			}()
			Register(m)
		})
	}
}
