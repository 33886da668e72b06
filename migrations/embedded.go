package migrations

import (
	"io/fs"
	"slices"
	"strings"
)

// NotEmbedded returns the migrations (NNNN_name) that a folder on disk
// holds and Embedded does not: files written since the binary was built
// (loader scaffold, migrate new, migrate diff). disk holds one folder per
// database, as Embedded does; each is compared with its embedded twin by
// file name. Folders disk lacks and misnamed files are skipped: the
// check only warns. The names are sorted, each once.
func NotEmbedded(disk fs.FS) []string {
	dirs, err := fs.ReadDir(Embedded, ".")
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range dirs {
		have := map[string]bool{}
		for _, n := range fileNames(Embedded, d.Name()) {
			have[n] = true
		}
		for _, n := range fileNames(disk, d.Name()) {
			if !have[n] && !slices.Contains(out, migrationOf(n)) {
				out = append(out, migrationOf(n))
			}
		}
	}
	slices.Sort(out)
	return out
}

// fileNames returns the migration file names in dir of fsys.
func fileNames(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && fileName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names
}

// migrationOf returns the migration a file name is of: 0005_create_late
// for 0005_create_late.up.sql.
func migrationOf(file string) string {
	base, _, _ := strings.Cut(file, ".")
	return base
}
