package spec

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/etl/transform"
)

// Options are the run-time choices that complete a pipeline.
type Options struct {
	// Targets resolves the pipeline's target.
	Targets Targets
	// Databases opens the databases sources read: "" is the warehouse the
	// pipeline loads, another URL another database (a SQL source's
	// database setting).
	Databases source.OpenDatabase
	// Input, when set, replaces the path of a file source for this run.
	Input string
	// BatchSize and MaxRejects override the file's values when set.
	BatchSize  int
	MaxRejects string
	// Log is passed to the source (source.Params.Log).
	Log *slog.Logger
	// Follow asks the source to follow its stream until the run is
	// cancelled (source.Params.Follow); a source that cannot is an error.
	Follow bool
}

// Build turns the named pipeline into an etl.Pipeline. The returned close
// function releases what Build opened (another database).
func (f *File) Build(ctx context.Context, name string, o Options) (*etl.Pipeline, func(), error) {
	ps, ok := f.Pipelines[name]
	if !ok {
		return nil, nil, fmt.Errorf("%w: no pipeline %q in %s; pipelines: %v", ErrInvalid, name, f.Path, f.Names())
	}
	if err := f.unset[name]; err != nil {
		return nil, nil, fmt.Errorf("pipeline %s: %w", name, err)
	}
	p, closeFn, err := f.build(ctx, name, ps, o)
	if inputError(err) {
		return nil, nil, fmt.Errorf("pipeline %s: %w", name, err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: pipeline %s (line %d): %w", ErrInvalid, name, ps.line, err)
	}
	return p, closeFn, nil
}

func (f *File) build(ctx context.Context, name string, ps *Pipeline, o Options) (*etl.Pipeline, func(), error) {
	table, err := resolve(ctx, o.Targets, ps.Target)
	if err != nil {
		return nil, nil, err
	}
	p := &etl.Pipeline{Name: name, Target: table, Keys: ps.Keys, BatchSize: ps.BatchSize, Secrets: f.expanded}
	if p.BeforeSQL, p.AfterSQL, err = sqlLists(ps); err != nil {
		return nil, nil, err
	}
	if p.OnSuccess, p.OnFailure, err = f.hooks(ps, o); err != nil {
		return nil, nil, err
	}
	if p.Mode, err = etl.ParseMode(orDefault(ps.Mode, "append")); err != nil {
		return nil, nil, err
	}
	if err := f.limits(p, ps, o); err != nil {
		return nil, nil, err
	}
	if p.Steps, err = steps(ps, table, p); err != nil {
		return nil, nil, err
	}
	src, closeFn, err := f.source(ctx, name, &ps.Source, p.Mode, o)
	if err != nil {
		return nil, nil, err
	}
	p.Source = src
	return p, closeFn, nil
}

func (f *File) limits(p *etl.Pipeline, ps *Pipeline, o Options) error {
	if o.BatchSize > 0 {
		p.BatchSize = o.BatchSize
	}
	limit := orDefault(o.MaxRejects, ps.MaxRejects)
	if limit == "" {
		return nil
	}
	var err error
	p.MaxRejects, err = etl.ParseLimit(limit)
	return err
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// steps builds the column mapping and the transform steps.
func steps(ps *Pipeline, table target.Table, p *etl.Pipeline) ([]etl.Step, error) {
	var out []etl.Step
	if ps.Columns.Kind != 0 {
		m, err := mappingStep(&ps.Columns, table)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	for i := range ps.Steps {
		s, err := step(&ps.Steps[i], p)
		if err != nil {
			return nil, err
		}
		if s != nil {
			out = append(out, s)
		}
	}
	return out, nil
}

// step builds one `- name: {settings}` entry. A dedupe that keeps the last
// record of a key is left to the writer when the pipeline upserts on that
// same key (a later row replaces an earlier one); nil is returned then.
func step(n *yaml.Node, p *etl.Pipeline) (etl.Step, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, fmt.Errorf("line %d: a step is a one-key mapping like `- fillna: {columns: [x], value: \"0\"}`", n.Line)
	}
	name, settings := n.Content[0].Value, n.Content[1]
	factory, ok := transform.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("line %d: unknown step %q; steps: %v", n.Line, name, transform.Names())
	}
	s, err := factory(settings)
	if errors.Is(err, transform.ErrKeepLast) {
		if p.Mode == etl.Upsert && slices.Equal(dedupeKeys(settings), upsertKeys(p)) {
			return nil, nil
		}
		return nil, fmt.Errorf("line %d: dedupe keep: last works only with mode: upsert on the same keys (the upsert keeps the last row of a key)", n.Line)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "line ") {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	return s, err
}

func dedupeKeys(settings *yaml.Node) []string {
	var cfg struct {
		Keys []string `yaml:"keys"`
	}
	_ = settings.Decode(&cfg)
	return cfg.Keys
}

func upsertKeys(p *etl.Pipeline) []string {
	if len(p.Keys) > 0 {
		return p.Keys
	}
	return p.Target.Keys
}

// inputError reports whether err is about the input the source names (a
// missing file, a directory), not about the pipeline file.
func inputError(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, source.ErrNotFile)
}
