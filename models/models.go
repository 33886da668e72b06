// Package models declares the schema of every table the loader touches as
// GORM structs: the raw landing table, the typed warehouse table and the
// loader's own bookkeeping. Schema only: no queries, no behaviour. Every
// change here goes with a migration in migrations/, and
// `loader migrate check` proves the two agree.
package models

// All returns one zero value of every model, in dependency order. The drift
// check compares exactly these against the migrated database.
func All() []any {
	return []any{
		&SalesData{},
		&TransformedSale{},
		&LoadRun{},
		&LoadReject{},
		&LoadState{},
		&LoadLease{},
	}
}
