package transform

import (
	"github.com/warehouse-loader/loader/etl"
	"go.yaml.in/yaml/v3"
)

func init() {
	Register("fillna", NewFactory("fillna", NewFillNA))
	Register("nullif", NewFactory("nullif", NewNullIf))
	Register("cast", NewFactory("cast", NewCast))
	Register("bin", NewFactory("bin", NewBin))
	Register("dedupe", NewFactory("dedupe", NewDedupe))
	Register("drop_duplicates", NewFactory("drop_duplicates", NewDropDuplicates))
	Register("ffill", NewFactory("ffill", NewFFill))
	Register("derive_date", NewFactory("derive_date", NewDeriveDate))
	Register("rename", NewFactory("rename", NewRename))
	Register("select", NewFactory("select", NewSelect))
	Register("trim", NewFactory("trim", NewTrim))
	Register("case", NewFactory("case", NewCase))
	Register("filter", NewFactory("filter", NewFilter))
	Register("validate", NewFactory("validate", NewValidate))
}

// NewFactory makes the Factory of a step built from a config struct C:
// it decodes the settings strictly into a C (an unknown key is an error
// naming it and its line; the keys are C's yaml tags) and calls build.
// name is the step's registered name, used in messages. Errors of build
// are returned as they are, so errors.Is works on them; the caller adds
// the step's line. Every built-in is made this way.
func NewFactory[C any](name string, build func(C) (etl.Step, error)) Factory {
	return func(node *yaml.Node) (etl.Step, error) {
		var cfg C
		if err := decodeStrict(name, node, &cfg); err != nil {
			return nil, err
		}
		return build(cfg)
	}
}
