// Package migrations holds the versioned schema (golang-migrate files, one
// folder per driver, embedded in the binary) and a Migrator that runs them
// with what golang-migrate lacks: a context, a readable status, no dirty
// state after a failed transactional migration, and strict file naming.
package migrations

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Embedded holds the migration files of every driver, one folder each,
// named by the driver's Dir (postgres/, sqlite/, mysql/): a new driver's
// folder is embedded as it is added. The same folders work with the
// golang-migrate CLI.
//
//go:embed */*.sql
var Embedded embed.FS

// ErrBadFiles is returned (wrapped) when a migration folder is malformed:
// a misnamed file, a version without both directions, a duplicate version.
var ErrBadFiles = errors.New("bad migration files")

var fileName = regexp.MustCompile(`^(\d+)_([a-z0-9_]+)\.(up|down)\.sql$`)

// File is one migration version: its up and down file names.
type File struct {
	Version uint
	Name    string // e.g. "0001_create_sales"
	Up      string // file name of the up migration
	Down    string // file name of the down migration
}

// ReadFiles lists and validates the migrations in dir of fsys: every file
// must be named NNNN_name.up.sql or NNNN_name.down.sql, every version must
// have both, and versions must be unique. golang-migrate skips misnamed
// files silently; this refuses them.
func ReadFiles(fsys fs.FS, dir string) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("%w: reading folder %s: %v", ErrBadFiles, dir, err)
	}
	byVersion := map[uint]*File{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if err := addFile(byVersion, dir, e.Name()); err != nil {
			return nil, err
		}
	}
	files := make([]File, 0, len(byVersion))
	for _, f := range byVersion {
		if f.Up == "" || f.Down == "" {
			return nil, fmt.Errorf("%w: %s: version %d (%s) has no %s file; add %s", ErrBadFiles, dir, f.Version, f.Name, missingDirection(f), missingName(f))
		}
		files = append(files, *f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Version < files[j].Version })
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: %s holds no migrations", ErrBadFiles, dir)
	}
	return files, nil
}

func addFile(byVersion map[uint]*File, dir, name string) error {
	m := fileName.FindStringSubmatch(name)
	if m == nil {
		return fmt.Errorf("%w: %s/%s is misnamed; name it NNNN_description.up.sql or NNNN_description.down.sql (lower case, digits, underscores)", ErrBadFiles, dir, name)
	}
	v, err := strconv.ParseUint(m[1], 10, 32)
	if err != nil || v == 0 {
		return fmt.Errorf("%w: %s/%s: version %q must be a number from 1", ErrBadFiles, dir, name, m[1])
	}
	base := m[1] + "_" + m[2]
	f := byVersion[uint(v)]
	if f == nil {
		f = &File{Version: uint(v), Name: base}
		byVersion[uint(v)] = f
	}
	if f.Name != base {
		return fmt.Errorf("%w: %s: version %d is used twice (%s and %s); renumber one", ErrBadFiles, dir, v, f.Name, base)
	}
	slot := &f.Up
	if m[3] == "down" {
		slot = &f.Down
	}
	if *slot != "" {
		return fmt.Errorf("%w: %s: %s exists twice", ErrBadFiles, dir, name)
	}
	*slot = name
	return nil
}

func missingDirection(f *File) string {
	if f.Up == "" {
		return "up"
	}
	return "down"
}

func missingName(f *File) string {
	return f.Name + "." + missingDirection(f) + ".sql"
}

// versions formats the known versions for error messages.
func versions(files []File) string {
	s := make([]string, len(files))
	for i, f := range files {
		s[i] = strconv.FormatUint(uint64(f.Version), 10)
	}
	return strings.Join(s, ", ")
}
