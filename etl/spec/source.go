package spec

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// checkSources checks, for every pipeline that names a source, that it
// names one registered kind, so a misspelt kind fails when the file is
// read. The settings are checked by the kind's factory, in Build.
func checkSources(f *File) error {
	for _, name := range f.Names() {
		p := f.Pipelines[name]
		if p == nil || p.Source.Kind == 0 {
			continue
		}
		if _, _, err := sourceFactory(&p.Source); err != nil {
			return fmt.Errorf("%w: pipeline %s: %w", ErrInvalid, name, err)
		}
	}
	return nil
}

// sourceFactory returns the factory of the kind n names and its settings.
func sourceFactory(n *yaml.Node) (source.Factory, *yaml.Node, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == 0 {
		return nil, nil, fmt.Errorf("no source; add one, like `source: {csv: {path: in.csv}}`; sources: %s", strings.Join(source.Names(), ", "))
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, nil, fmt.Errorf("line %d: source names exactly one kind, like `source: {csv: {path: in.csv}}`; sources: %s",
			n.Line, strings.Join(source.Names(), ", "))
	}
	kind := n.Content[0]
	factory, ok := source.Lookup(kind.Value)
	if !ok {
		return nil, nil, fmt.Errorf("line %d: unknown source %q; sources: %s", kind.Line, kind.Value, strings.Join(source.Names(), ", "))
	}
	return factory, n.Content[1], nil
}

// source builds the pipeline's source with the factory of its kind; the
// secrets it gets are the values of the pipeline's own ${NAME} references.
func (f *File) source(ctx context.Context, name string, n *yaml.Node, mode etl.Mode, o Options) (etl.Source, func(), error) {
	factory, settings, err := sourceFactory(n)
	if err != nil {
		return nil, nil, err
	}
	p := source.Params{Settings: settings, Input: o.Input, Databases: o.Databases, Mode: mode, Secrets: f.own[name], Log: o.Log, Follow: o.Follow}
	if f.Path != "" {
		p.Dir = filepath.Dir(f.Path)
	}
	src, closeFn, err := factory(ctx, p)
	if err != nil || !o.Follow {
		return src, closeFn, err
	}
	if fw, ok := src.(etl.Follower); !ok || !fw.Follows() {
		closeFn()
		return nil, nil, fmt.Errorf("the %s source reads what is there and ends; --follow is for sources that read a stream (rabbitmq, kafka)", settingsKind(n))
	}
	return src, closeFn, nil
}

// settingsKind is the kind a source node names.
func settingsKind(n *yaml.Node) string {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n.Content[0].Value
}
