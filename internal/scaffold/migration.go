package scaffold

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// createSQL returns the up/down pair creating the model's table for every
// driver, generated from the struct type the Go file declares.
func createSQL(m Model) (map[string]migrations.Pair, error) {
	model := structOf(m.Fields)
	out := map[string]migrations.Pair{}
	for _, d := range drivers.Names() {
		up, down, err := repository.CreateTableSQL(d, model, m.Table)
		if err != nil {
			return nil, fmt.Errorf("generating the %s migration of %s: %w", d, m.Table, err)
		}
		out[d] = migrations.Pair{Up: up, Down: down}
	}
	return out, nil
}

// existingMigration is a create_NAME migration already in the folders.
type existingMigration struct {
	file   migrations.File
	latest bool // no later version in any folder
}

// findCreate looks for the migration named create_NAME in every driver's
// folder under dir.
func findCreate(dir, table string) (*existingMigration, error) {
	var found *existingMigration
	var last uint
	for _, d := range drivers.Names() {
		files, err := migrations.ReadFiles(os.DirFS(dir), d)
		if err != nil {
			return nil, fmt.Errorf("reading the migrations in %s: %w", dir, err)
		}
		for _, f := range files {
			last = max(last, f.Version)
			if _, n, _ := strings.Cut(f.Name, "_"); n == "create_"+table && found == nil {
				found = &existingMigration{file: f}
			}
		}
	}
	if found != nil {
		found.latest = found.file.Version == last
	}
	return found, nil
}

// writeMigrations writes the pairs at the next free version, or, with
// over set, in place of that create_NAME migration.
func writeMigrations(dir, table string, pairs map[string]migrations.Pair, over *existingMigration) ([]string, error) {
	if over == nil {
		_, paths, err := migrations.WriteNext(dir, "create_"+table, pairs)
		if err != nil {
			return nil, fmt.Errorf("writing the migrations of %s: %w", table, err)
		}
		return paths, nil
	}
	var paths []string
	for _, d := range drivers.Names() {
		for _, f := range [][2]string{{over.file.Up, pairs[d].Up}, {over.file.Down, pairs[d].Down}} {
			p := filepath.Join(dir, d, f[0])
			if err := writeFile(p, []byte(f[1])); err != nil {
				return nil, err
			}
			paths = append(paths, p)
		}
	}
	return paths, nil
}

// writeFile writes a file the project keeps with its sources.
func writeFile(path string, body []byte) error {
	//nolint:gosec // G306: model, migration and pipeline files are project sources, readable like the others
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
