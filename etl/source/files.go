package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/warehouse-loader/loader/etl"
)

// Entry is one input a pattern names: where to open it, its name in the
// set, and what tells its versions apart (see etl.Unit).
type Entry struct {
	// Path is what the kind's constructor opens (a file path, an s3://
	// URL).
	Path string
	// Name is the entry's path relative to where the pattern starts, with
	// forward slashes.
	Name  string
	Stamp string
	Size  int64
}

// Lister lists the entries a pattern names in a store other than the
// local file system (see Store), sorted by name. A pattern without glob characters
// names one object, or every object under it when it ends in "/".
type Lister func(ctx context.Context, pattern string) ([]Entry, error)

// scheme returns the scheme of a URL-like path ("s3" for "s3://b/k"), or
// "" for a local path.
func scheme(p string) string {
	i := strings.Index(p, "://")
	if i <= 0 || strings.ContainsAny(p[:i], `/\.`) {
		return ""
	}
	return p[:i]
}

// IsPattern reports whether p names many inputs: it has glob characters
// (* ? [ {), or it ends in a path separator.
func IsPattern(p string) bool {
	return strings.ContainsAny(p, "*?[{") || strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator))
}

// Files makes the source of a file kind for the path a pipeline names
// (resolved with Params.Path): one file's source, made by open; or, when
// the path is a glob (`data/2024-*.csv`, `exports/**/*.csv.gz`), a folder,
// or a prefix in another store (s3://bucket/prefix/), a source of many
// files, each loaded as a unit of its own (see etl.Multi) by a source open
// makes. Files in a folder are taken recursively, except those whose name
// starts with "." or "_" (temporary and marker files, like _SUCCESS).
func Files(ctx context.Context, p Params, pathSetting string, open func(path string) (etl.Source, error)) (etl.Source, error) {
	if strings.TrimSpace(pathSetting) == "" && p.Input == "" {
		return nil, errors.New("the source needs a path: a file, a glob (data/*.csv) or a folder")
	}
	full := p.Path(pathSetting)
	if IsRemote(full) {
		if !IsPattern(full) {
			return open(full)
		}
		st, err := storeOf(full)
		if err != nil {
			return nil, err
		}
		return &Set{pattern: full, list: func(ctx context.Context) ([]Entry, error) { return st.List(ctx, full) }, open: open}, nil
	}
	if !IsPattern(full) {
		info, err := os.Stat(full)
		if err != nil || !info.IsDir() {
			return open(full)
		}
	}
	return &Set{pattern: full, list: func(context.Context) ([]Entry, error) { return listLocal(full) }, open: open}, nil
}

// listLocal lists the files of a local glob or folder, sorted by name.
func listLocal(pattern string) ([]Entry, error) {
	base, glob := splitPattern(pattern)
	var out []Entry
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != base && hidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(base, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if glob != "" {
			if ok, _ := doublestar.Match(glob, rel); !ok {
				return nil
			}
		}
		info, err := os.Stat(p) // a symbolic link's target
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		out = append(out, Entry{Path: p, Name: rel, Size: info.Size(), Stamp: stampOf(info)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("source %s: listing the files: %w", pattern, err)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// splitPattern splits a local pattern into the folder it starts at (the
// part before the first element with glob characters) and the glob of the
// rest, with forward slashes ("" for a folder: every file under it).
func splitPattern(pattern string) (base, glob string) {
	p := filepath.ToSlash(filepath.Clean(pattern))
	if !strings.ContainsAny(p, "*?[{") {
		return filepath.FromSlash(p), ""
	}
	parts := strings.Split(p, "/")
	i := slices.IndexFunc(parts, func(s string) bool { return strings.ContainsAny(s, "*?[{") })
	base = strings.Join(parts[:i], "/")
	switch {
	case base == "" && strings.HasPrefix(p, "/"):
		base = "/"
	case base == "":
		base = "."
	}
	return filepath.FromSlash(base), path.Join(parts[i:]...)
}

// hidden reports whether a file or folder name is one a folder's listing
// leaves out: ".partial", "_SUCCESS", "_temporary".
func hidden(name string) bool { return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") }

// Set is a source of many files (see Files): as an etl.Multi, each is a
// unit of its own; as an etl.Source, it reads them one after the other
// from the first, which a dry run or a check does (a run loads units).
type Set struct {
	pattern string
	list    func(ctx context.Context) ([]Entry, error)
	open    func(path string) (etl.Source, error)

	// reading the files one after the other
	units []etl.Unit
	at    int
	cur   etl.Source
	cols  etl.Columns
	n     int64
}

// Pattern returns the glob or folder as the pipeline names it, resolved.
func (s *Set) Pattern() string { return s.pattern }

// Identity names the set: "files:" and its pattern. Runs keep each unit's
// checkpoint under its own key, so this identity is only shown.
func (s *Set) Identity() string { return "files:" + s.pattern }

// Units lists the files, sorted by name; none is an error wrapping
// etl.ErrNoUnits.
func (s *Set) Units(ctx context.Context) ([]etl.Unit, error) {
	entries, err := s.list(ctx)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("source %s: %w: no file matches it; check the pattern (relative paths in a pipeline file start at its folder, --input ones at the current folder)", s.pattern, etl.ErrNoUnits)
	}
	units := make([]etl.Unit, len(entries))
	for i, e := range entries {
		units[i] = etl.Unit{Name: e.Name, Path: e.Path, Stamp: e.Stamp, Size: e.Size, Open: func(context.Context) (etl.Source, error) { return s.open(e.Path) }}
	}
	return units, nil
}

// Open lists the files and opens the first, from the start: the set as
// one source resumes at no checkpoint.
func (s *Set) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	if from != (etl.Checkpoint{}) {
		return etl.Columns{}, fmt.Errorf("source %s: %w: a set of files keeps one checkpoint per file, not one for the set", s.pattern, etl.ErrSourceChanged)
	}
	_ = s.Close()
	units, err := s.Units(ctx)
	if err != nil {
		return etl.Columns{}, err
	}
	s.units, s.at, s.n = units, -1, 0
	if err := s.next(ctx); err != nil {
		return etl.Columns{}, err
	}
	return s.cols, nil
}

// next opens the next file; its columns must be those of the first.
func (s *Set) next(ctx context.Context) error {
	if s.cur != nil {
		if err := s.cur.Close(); err != nil {
			return err
		}
		s.cur = nil
	}
	s.at++
	if s.at >= len(s.units) {
		return io.EOF
	}
	u := s.units[s.at]
	src, err := u.Open(ctx)
	if err != nil {
		return err
	}
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		return err
	}
	s.cur = src
	if s.at == 0 {
		s.cols = cols
		return nil
	}
	if !slices.Equal(cols.Names(), s.cols.Names()) {
		return fmt.Errorf("source %s: %w: its columns %v are not those of %s %v; a run loads each file with its own columns, a check reads them as one", u.Name, ErrHeader, cols.Names(), s.units[0].Name, s.cols.Names())
	}
	return nil
}

// Next returns the next record of the current file, moving to the next
// file at the end of one.
func (s *Set) Next(ctx context.Context, rec *etl.Record) error {
	for s.cur != nil {
		err := s.cur.Next(ctx, rec)
		if !errors.Is(err, io.EOF) {
			var rej *etl.RejectError
			if err == nil || errors.As(err, &rej) {
				s.n++
			}
			return err
		}
		if err := s.next(ctx); err != nil {
			return err
		}
	}
	return io.EOF
}

// Checkpoint counts the records returned; it has no cursor (see Open).
func (s *Set) Checkpoint() etl.Checkpoint { return etl.Checkpoint{Records: s.n} }

// Close closes the current file.
func (s *Set) Close() error {
	if s.cur == nil {
		return nil
	}
	err := s.cur.Close()
	s.cur = nil
	return err
}
