package spec

import (
	"context"
	"errors"

	"github.com/warehouse-loader/loader/etl/target"
)

// Targets are the tables a pipeline file may name as its target.
type Targets interface {
	// Target returns the table named name. Its error says why there is
	// none: no such table (listing those there are), or a table no
	// pipeline may write (the loader's own bookkeeping).
	Target(ctx context.Context, name string) (target.Table, error)
}

// errNoTargets is returned when Options.Targets is not set.
var errNoTargets = errors.New("no targets to resolve the pipeline's target against (spec.Options.Targets is not set)")

// resolve returns the table of the target name.
func resolve(ctx context.Context, ts Targets, name string) (target.Table, error) {
	if ts == nil {
		return target.Table{}, errNoTargets
	}
	return ts.Target(ctx, name)
}
