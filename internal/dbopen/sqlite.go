package dbopen

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// openError reads as msg and wraps errs (the caller's sentinel and the
// driver's error) without repeating their text.
type openError struct {
	msg  string
	errs []error
}

func (e *openError) Error() string   { return e.msg }
func (e *openError) Unwrap() []error { return e.errs }

// SQLiteError says, in one line, why the SQLite file of u cannot be
// opened, err being the driver's error; it names a missing or read-only
// folder or file rather than a server. SQLite reports a file it may not
// create as "no such file or directory", so the file system is asked what
// is wrong first. The error wraps unreachable (the caller's sentinel) and
// err.
func SQLiteError(u dburl.URL, err, unreachable error) error {
	msg := ""
	if !u.Memory() {
		msg = sqliteFileProblem(u.Path)
	}
	if msg == "" {
		msg = fmt.Sprintf("cannot open %s: %s", u, dburl.Cause(err))
	}
	return &openError{msg: msg, errs: []error{unreachable, err}}
}

// sqliteFileProblem returns what keeps SQLite from opening path for
// writing, or "" when the file system shows nothing wrong. SQLite creates
// its journal files (-wal, -shm) next to the database, so the folder must
// be writable even when the file exists.
func sqliteFileProblem(path string) string {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("cannot create %s: folder %s does not exist; create it or fix the path", path, dir)
	}
	_, err := os.Stat(path)
	exists := err == nil
	switch {
	case !exists && !canCreateIn(dir):
		return fmt.Sprintf("cannot create %s: the folder is read-only", path)
	case exists && !canCreateIn(dir):
		return fmt.Sprintf("cannot open %s for writing: its folder is read-only, and SQLite writes its journal files next to the database", path)
	case exists && !canWrite(path):
		return fmt.Sprintf("cannot open %s for writing: the file is read-only", path)
	}
	return ""
}

// canCreateIn reports whether a file can be created in dir, by creating
// (and removing) one: permission bits alone miss read-only mounts and
// privileged users.
func canCreateIn(dir string) bool {
	f, err := os.CreateTemp(dir, ".loader-probe-*")
	if err != nil {
		return false
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
	return true
}

func canWrite(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	_ = f.Close()
	return true
}
