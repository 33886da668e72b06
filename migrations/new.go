package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
)

// Pair is the text of one migration: its up and down files.
type Pair struct{ Up, Down string }

// snakeCase is what a migration's name (and a dialect folder's) may hold.
var snakeCase = regexp.MustCompile(`^[a-z0-9_]+$`)

// WriteNext writes NNNN_name.up.sql and NNNN_name.down.sql into dir/<dialect>/ for every dialect
// in files (keys are the folder names postgres, sqlite, mysql), at the next version free in ALL of
// the folders (max existing version + 1, four digits), and returns the version and the paths written.
// name must be snake_case ([a-z0-9_]+), else a clear error. It never overwrites a file.
func WriteNext(dir, name string, files map[string]Pair) (version uint, paths []string, err error) {
	if !snakeCase.MatchString(name) {
		return 0, nil, fmt.Errorf("migrations: name %q is not snake_case; use lower-case letters, digits and underscores (e.g. add_discount)", name)
	}
	if len(files) == 0 {
		return 0, nil, errors.New("migrations: no dialect to write a migration for")
	}
	dialects := make([]string, 0, len(files))
	for d := range files {
		if !snakeCase.MatchString(d) {
			return 0, nil, fmt.Errorf("migrations: %q is not a dialect folder name; use postgres, sqlite or mysql", d)
		}
		dialects = append(dialects, d)
	}
	sort.Strings(dialects)
	last, err := maxVersion(dir, dialects)
	if err != nil {
		return 0, nil, err
	}
	version = last + 1
	if version > 9999 {
		return 0, nil, fmt.Errorf("migrations: version %d does not fit four digits", version)
	}
	base := fmt.Sprintf("%04d_%s", version, name)
	for _, d := range dialects {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil { //nolint:gosec // G301: a source folder, meant to be read
			return 0, nil, fmt.Errorf("migrations: creating folder: %w", err)
		}
		for _, f := range []struct{ dir, text string }{{"up", files[d].Up}, {"down", files[d].Down}} {
			p := filepath.Join(dir, d, base+"."+f.dir+".sql")
			if err := writeNew(p, f.text); err != nil {
				removeAll(paths)
				return 0, nil, err
			}
			paths = append(paths, p)
		}
	}
	return version, paths, nil
}

// maxVersion is the highest version of any migration file in dir's
// folders (those named and those on disk), 0 when there is none.
func maxVersion(dir string, dialects []string) (uint, error) {
	folders := map[string]bool{}
	for _, d := range dialects {
		folders[d] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("migrations: reading folder %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() {
			folders[e.Name()] = true
		}
	}
	var last uint
	for f := range folders {
		entries, err := os.ReadDir(filepath.Join(dir, f))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("migrations: reading folder %s: %w", filepath.Join(dir, f), err)
		}
		for _, e := range entries {
			m := fileName.FindStringSubmatch(e.Name())
			if m == nil || e.IsDir() {
				continue
			}
			if v, err := strconv.ParseUint(m[1], 10, 32); err == nil && uint(v) > last {
				last = uint(v)
			}
		}
	}
	return last, nil
}

// writeNew creates p with text, failing if it exists.
func writeNew(p, text string) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) //nolint:gosec // G302: a source file, meant to be read
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("migrations: %s exists; it is never overwritten: remove it or pick another name", p)
		}
		return fmt.Errorf("migrations: writing %s: %w", p, err)
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(p)
		return fmt.Errorf("migrations: writing %s: %w", p, err)
	}
	return nil
}

func removeAll(paths []string) {
	for _, p := range paths {
		_ = os.Remove(p)
	}
}
