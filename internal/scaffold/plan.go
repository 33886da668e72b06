package scaffold

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"sync"

	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/migrations"
)

// plan is what Run checked before sampling: where everything goes and
// what it replaces.
type plan struct {
	format, from   string
	sample         int
	model          string // the model file
	migrations     string // the migrations folder
	pipelineFile   *pipelineFile
	migration      *existingMigration // create_NAME to rewrite (Force), or nil
	sourceFromPipe string             // From relative to the pipeline file
}

// rendered is every file's new content.
type rendered struct {
	goSrc, pipelines []byte
	sql              map[string]migrations.Pair
}

func newPlan(o Options) (*plan, error) {
	if err := checkName(o.Name); err != nil {
		return nil, err
	}
	p := &plan{sample: o.Sample, from: relPath(o.Dir, o.From), sourceFromPipe: relPath(filepath.Dir(o.Pipelines), o.From),
		model: filepath.Join(o.Dir, "models", o.Name+".go"), migrations: filepath.Join(o.Dir, "migrations")}
	if p.sample == 0 {
		p.sample = DefaultSample
	}
	if p.sample < 0 {
		return nil, fmt.Errorf("--sample %d: read at least one record", o.Sample)
	}
	for _, d := range []string{filepath.Dir(p.model), p.migrations} {
		if ok, err := fileExists(d); err != nil || !ok {
			return nil, cmp.Or(err, fmt.Errorf("%s has no %s folder: run loader scaffold from the project's root, or pass --dir", o.Dir, filepath.Base(d)))
		}
	}
	if ok, err := fileExists(o.From); err != nil || !ok {
		return nil, cmp.Or(err, fmt.Errorf("%s: no such file; give --from the path of a CSV, JSON, NDJSON or Parquet file", o.From))
	}
	var err error
	if p.format, err = formatOf(o.Format, o.From); err != nil {
		return nil, err
	}
	if err := p.checkModel(o); err != nil {
		return nil, err
	}
	if err := p.checkPipeline(o); err != nil {
		return nil, err
	}
	if err := p.checkMigration(o); err != nil {
		return nil, err
	}
	return p, nil
}

// checkModel refuses a model file that exists (without Force), a table
// the project has and a type name another model file declares.
func (p *plan) checkModel(o Options) error {
	exists, err := fileExists(p.model)
	if err != nil {
		return err
	}
	if exists && !o.Force {
		return fmt.Errorf("%s exists; pass --force to replace it, its create_%s migration and its pipeline", p.model, o.Name)
	}
	if o.Name == "schema_migrations" {
		return fmt.Errorf("%s is golang-migrate's own table; choose another name", o.Name)
	}
	for _, m := range o.Models {
		if t := tableOf(m); t == o.Name && !exists {
			return fmt.Errorf("the project has a table %s already (model %T); choose another name", o.Name, m)
		}
	}
	return checkTypeName(filepath.Dir(p.model), o.Name)
}

// tableOf returns the table of a GORM model, or "" if it does not parse.
func tableOf(m any) string {
	s, err := schema.Parse(m, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		return ""
	}
	return s.Table
}

// checkTypeName refuses a NAME whose Go type name another file of the
// models package declares.
func checkTypeName(dir, name string) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return fmt.Errorf("reading the models in %s: %w", dir, err)
	}
	typ := goName(name)
	for _, path := range paths {
		if filepath.Base(path) == name+".go" || strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("reading the model file %s: %w", path, err)
		}
		if declares(f, typ) {
			return fmt.Errorf("%s declares %s already, the type the model of %s would have; choose another name", path, typ, name)
		}
	}
	return nil
}

// declares reports whether f declares name at the top level.
func declares(f *ast.File, name string) bool {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == name {
				return true
			}
			continue
		}
		for _, s := range g.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				if s.Name.Name == name {
					return true
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.Name == name {
						return true
					}
				}
			}
		}
	}
	return false
}

// checkPipeline refuses a pipeline of the same name (without Force).
func (p *plan) checkPipeline(o Options) error {
	pf, err := readPipelines(o.Pipelines, o.Name)
	if err != nil {
		return err
	}
	if pf.start >= 0 && !o.Force {
		return fmt.Errorf("%s has a pipeline %s already; pass --force to replace it", o.Pipelines, o.Name)
	}
	p.pipelineFile = pf
	return nil
}

// checkMigration refuses a create_NAME migration (without Force), and
// one that is not the latest (it may be applied: write a diff).
func (p *plan) checkMigration(o Options) error {
	m, err := findCreate(p.migrations, o.Name)
	if err != nil || m == nil {
		return err
	}
	switch {
	case !o.Force:
		return fmt.Errorf("migration %s exists in %s; pass --force to rewrite it (only while it is the latest)", m.file.Name, p.migrations)
	case !m.latest:
		return fmt.Errorf("migration %s is not the latest, so databases may have applied it: --force cannot rewrite it; edit models/%s.go and write a `loader migrate diff` instead", m.file.Name, o.Name)
	}
	p.migration = m
	return nil
}

// render returns the model's Go file, its SQL and the new pipeline file.
// keys are the JSON source's columns, nil for its own (Sample.Keys).
func (p *plan) render(m Model, keys []string) (rendered, error) {
	var r rendered
	var err error
	if r.goSrc, err = m.GoSource(); err != nil {
		return r, err
	}
	if r.sql, err = createSQL(m); err != nil {
		return r, err
	}
	entry := pipelineEntry(m, sourceNode(p.format, p.sourceFromPipe, keys), formats[p.format].kind == formatJSON)
	if r.pipelines, err = p.pipelineFile.with(m.Table, entry); err != nil {
		return r, err
	}
	return r, checkPipelines(r.pipelines, m.Table)
}
