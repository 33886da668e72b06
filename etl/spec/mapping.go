package spec

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/target"
)

// mapping is the `columns:` section: target column ← source column. Only
// mapped columns go on to the next step, renamed to their targets.
type mapping struct {
	targets []string
	sources []string
}

func mappingStep(n *yaml.Node, table target.Table) (etl.Step, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: columns is a mapping of target column: source column", n.Line)
	}
	m := &mapping{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if table.Index(k.Value) < 0 {
			return nil, fmt.Errorf("line %d: columns maps to %q, which %s (model %s) does not have; its columns: %v", k.Line, k.Value, table.Name, table.Model, table.Names())
		}
		m.targets = append(m.targets, k.Value)
		m.sources = append(m.sources, v.Value)
	}
	return m, nil
}

func (m *mapping) Name() string { return "columns" }

func (m *mapping) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx := make([]int, len(m.sources))
	for i, s := range m.sources {
		j, err := in.Lookup(s)
		if err != nil {
			return etl.Columns{}, nil, fmt.Errorf("mapping %s ← %s: %w", m.targets[i], s, err)
		}
		idx[i] = j
	}
	out, err := etl.NewColumns(m.targets...)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	buf := make(etl.Row, len(idx))
	return out, func(rec *etl.Record) error {
		for i, j := range idx {
			buf[i] = rec.Row[j]
		}
		rec.Row = buf // valid until the next record: the runner copies it out
		return nil
	}, nil
}
