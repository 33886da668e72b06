package scaffold

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultSample is the number of records read when Options.Sample is 0.
const DefaultSample = 1000

// Options say what to scaffold and where.
type Options struct {
	// Name is the table, the pipeline and the model file's name.
	Name string
	// From is the sample file; Format its format (csv, json, ndjson,
	// parquet), "" for the one of its extension (or Parquet's magic).
	From, Format string
	// Keys are the key columns, by source or column name; none: a
	// surrogate id.
	Keys []string
	// Sample is the number of records read (0: DefaultSample); of a
	// Parquet file, only its --key columns are read, to check them.
	Sample int
	// Force replaces what a scaffold of the same name wrote before.
	Force bool
	// Dir is the project: models/ and migrations/ are under it.
	Dir string
	// Pipelines is the pipeline file the entry goes to.
	Pipelines string
	// Models are the project's models (models.All()): their tables are
	// taken.
	Models []any
}

// Result is what Run wrote.
type Result struct {
	Paths  []string
	Model  Model
	Sample Sample
	// Rewrote is the create_NAME migration (e.g. 0005_create_late) Force
	// rewrote in place, "" when a new one was written.
	Rewrote string
}

// Run samples the file and writes the model, the migrations and the
// pipeline. It checks everything before writing anything: a NAME that is
// not snake_case or is a table the project has, what exists already
// without Force, a --key that is not a column or whose values repeat in
// the sample.
func Run(ctx context.Context, o Options) (Result, error) {
	p, err := newPlan(o)
	if err != nil {
		return Result{}, err
	}
	smp, err := sample(ctx, p.format, o.From, p.sample, o.Keys)
	if err != nil {
		return Result{}, err
	}
	fields, err := fieldsOf(smp.Columns, o.Keys, smp.Typed)
	if err != nil {
		return Result{}, err
	}
	if err := smp.checkUnique(o.Keys); err != nil {
		return Result{}, err
	}
	m := Model{Type: goName(o.Name), Table: o.Name, From: p.from, Fields: fields}
	out, err := p.render(m, smp.Keys)
	if err != nil {
		return Result{}, err
	}
	paths, err := writeMigrations(p.migrations, o.Name, out.sql, p.migration)
	if err != nil {
		return Result{}, err
	}
	if err := writeFile(p.model, out.goSrc); err != nil {
		return Result{}, err
	}
	if err := writeFile(o.Pipelines, out.pipelines); err != nil {
		return Result{}, err
	}
	res := Result{Paths: append([]string{p.model}, append(paths, o.Pipelines)...), Model: m, Sample: smp}
	if p.migration != nil {
		res.Rewrote = p.migration.file.Name
	}
	return res, nil
}

// fileExists reports whether path names a file.
func fileExists(path string) (bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("checking %s: %w", path, err)
	}
	return true, nil
}

// relPath returns path relative to dir when it can, with slashes.
func relPath(dir, path string) string {
	ad, err1 := filepath.Abs(dir)
	ap, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(path)
	}
	if r, err := filepath.Rel(ad, ap); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(ap)
}
